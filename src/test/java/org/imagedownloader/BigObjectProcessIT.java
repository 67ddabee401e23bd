package org.imagedownloader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar on a 256 MB heap downloads a 1 GiB image into a bucket of a real S3 API server: the body
 * streams through the spool and goes up in parts, and neither the daemon nor this test holds it in memory
 * (the server generates it as it writes, S3Proxy keeps objects as files).
 */
@Timeout(180) // a JVM's start, then 1 GiB written three times over (spool, parts, object) on a busy 2-core machine
class BigObjectProcessIT {

    private static final String BUCKET = "big";
    private static final long SIZE = 1L << 30;
    private static final int BLOCK = 1 << 20;

    @Test
    void aOneGibImageUploadsInPartsUnderASmallHeap(@TempDir Path work, @TempDir Path objects) throws Exception {
        AtomicReference<String> served = new AtomicReference<>();
        try (S3Server s3 = S3Server.start(objects, 0, S3Server.SECRET_KEY).createBucket(BUCKET);
             RawHttpServer server = new RawHttpServer((path, n, out) -> served.set(serveBigJpeg(out)));
             JarProcess daemon = JarProcess.start(work, Map.of("downloader.poll-millis", "100",
                     "downloader.settle-millis", "300", "downloader.output", "s3://" + BUCKET + "/out",
                     "downloader.s3.endpoint", s3.endpoint()), Map.of("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY,
                     "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY))) {
            Path inbox = work.resolve("inbox");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(inbox));

            Inbox.drop(inbox, "huge.txt", server.url("/huge.jpg") + "\n");
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.exists(inbox.resolve(".done/huge.txt"), LinkOption.NOFOLLOW_LINKS));
            long peakResidentKb = peakResidentKb(daemon.process.pid());

            var report = TestApp.Csv.read(Files.write(work.resolve("report.csv"), s3.bytes(BUCKET, "out/huge.report.csv")));
            assertThat(TestApp.row(report, 1)).containsEntry("outcome", "downloaded")
                    .containsEntry("file", "huge.jpg").containsEntry("bytes", Long.toString(SIZE))
                    .containsEntry("sha256", served.get());
            var head = s3.head(BUCKET, "out/huge/huge.jpg");
            assertThat(head.contentLength()).isEqualTo(SIZE);
            assertThat(head.metadata()).containsEntry("sha256", served.get());
            assertThat(head.eTag()).as("the ETag of an upload in 128 parts of 8 MiB").endsWith("-128\"");
            assertThat(sha256(objects.resolve(BUCKET).resolve("out/huge/huge.jpg"))).as("the stored bytes")
                    .isEqualTo(served.get());
            // The heap may fill its 256 MB before a collection, and the JVM's own memory (classes, code, threads)
            // comes on top of it: a bound with room for both, far under the 1 GiB a body held whole would add.
            assertThat(peakResidentKb).as("the daemon's peak resident set, in kB").isLessThan(384_000);
            assertThat(daemon.output()).doesNotContain("OutOfMemoryError");
        }
    }

    /**
     * Writes a JPEG's first bytes and then deterministic filler, 1 GiB in all, one 1 MiB block at a time
     * (each stamped with its number, so no two parts are alike); returns the hex SHA-256 of what it wrote.
     */
    private static String serveBigJpeg(OutputStream out) throws IOException {
        MessageDigest digest = sha256();
        byte[] block = Images.jpeg(BLOCK, 21);
        RawHttpServer.head(out, 200, "image/jpeg", SIZE);
        for (long i = 0; i < SIZE / BLOCK; i++) {
            if (i > 0) {
                for (int b = 0; b < Long.BYTES; b++) {
                    block[b] = (byte) (i >>> (8 * b));
                }
            }
            digest.update(block);
            out.write(block);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** VmHWM: the most memory the process ever had resident. */
    private static long peakResidentKb(long pid) throws IOException {
        String line = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("VmHWM:")).findFirst().orElseThrow();
        return Long.parseLong(line.replaceAll("\\D", ""));
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[BLOCK];
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
