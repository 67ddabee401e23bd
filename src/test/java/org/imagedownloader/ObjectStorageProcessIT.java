package org.imagedownloader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a daemon writing to a bucket of a real S3 API server, killed with -9 in the middle
 * of a list and started again: one object per URL, none partial, and the secret key in no output.
 */
@Timeout(120) // two daemons start one after the other, each a JVM of its own
class ObjectStorageProcessIT {

    private static final String BUCKET = "killed";

    static RawHttpServer server;
    static S3Server s3;

    @BeforeAll
    @Timeout(60) // the first S3 client of a JVM takes long to start on a busy machine
    static void start() throws Exception {
        s3 = S3Server.start().createBucket(BUCKET);
        server = new RawHttpServer((path, n, out) -> {
            Thread.sleep(150);
            RawHttpServer.jpeg(out, image(path));
        });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        s3.close();
    }

    static byte[] image(String path) {
        return Images.forPath(path, 30_000);
    }

    @Test
    void killDashNineMidListThenARestartLeaveOneWholeObjectPerUrl(@TempDir Path work) throws Exception {
        Map<String, String> props = new HashMap<>(Map.of("downloader.poll-millis", "100", "downloader.settle-millis", "300",
                "downloader.concurrency", "4", "downloader.output", "s3://" + BUCKET + "/out",
                "downloader.s3.endpoint", s3.endpoint()));
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", S3Server.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
        String list = IntStream.range(0, 60).mapToObj(i -> server.url("/slow/img" + i + ".jpg"))
                .collect(Collectors.joining("\n", "", "\n"));
        Path inbox = work.resolve("inbox");
        String output;
        try (JarProcess first = JarProcess.start(work, props, env)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(inbox));
            Inbox.drop(inbox, "big.txt", list);
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(BUCKET, "out/big/").size() >= 8);
            first.process.destroyForcibly(); // SIGKILL, mid-list
            first.process.waitFor();
            output = first.output();
        }
        assertThat(inbox.resolve("big.txt")).exists();
        assertThat(s3.bytes(BUCKET, "out/big.report.csv")).isNull();

        try (JarProcess second = JarProcess.start(work, props, env)) {
            Inbox.awaitArchived(inbox, "big.txt");
            output += second.output();
        }

        List<String> expected = IntStream.range(0, 60).mapToObj(i -> "out/big/img" + i + ".jpg").sorted().toList();
        assertThat(s3.keys(BUCKET, "out/big/")).containsExactlyElementsOf(expected);
        for (int i = 0; i < 60; i++) {
            assertThat(s3.bytes(BUCKET, "out/big/img" + i + ".jpg")).isEqualTo(image("/slow/img" + i + ".jpg"));
        }
        var report = TestApp.Csv.read(Files.write(work.resolve("report.csv"), s3.bytes(BUCKET, "out/big.report.csv")));
        assertThat(report).hasSize(60).allSatisfy(r -> assertThat(r.get("outcome")).isIn("downloaded", "skipped"));
        assertThat(report).anyMatch(r -> r.get("outcome").equals("skipped"));
        assertThat(output).contains("big.txt finished in").doesNotContain(S3Server.SECRET_KEY);
    }
}
