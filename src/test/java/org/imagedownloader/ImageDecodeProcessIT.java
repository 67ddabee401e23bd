package org.imagedownloader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * downloader.verify=decode in the packaged jar on a small heap: decompression bombs are refused before a
 * pixel is allocated, an image whose raster does not fit fails alone, an image's bytes are not held in
 * heap to decode it, and the daemon goes on.
 */
@Timeout(90)
class ImageDecodeProcessIT {

    @Test
    void aDaemonWithLittleMemoryRejectsImagesTooBigToDecodeAndKeepsWorking(@TempDir Path work) throws Exception {
        byte[] photo = Images.encoded("png", 120, 90);
        try (ImageServer server = ImageServer.start()
                .serve("/bomb.png", "image/png", Images.blackPng(50_000, 50_000, 0))
                // 64 million pixels: under the pixel cap, but its 192 MB raster is more than the whole heap.
                .serve("/black.png", "image/png", Images.blackPng(8000, 8000, 8000))
                .serve("/photo.png", "image/png", photo)
                .serve("/pixel.webp", "image/webp", Images.webp1x1())
                // Its size is known only past 100 MB: the decoder must not hold those bytes in heap.
                .serve("/late.tiff", "image/tiff", Images.tiffWithDirectoryLast(40, 30, 100_000_000));
             JarProcess daemon = JarProcess.startWithHeap("128m", work, Map.of("downloader.poll-millis", "100",
                     "downloader.settle-millis", "300", "downloader.verify", "decode"))) {
            Path inbox = work.resolve("inbox");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(inbox));

            Inbox.drop(inbox, "big.txt", String.join("\n", server.url("/bomb.png"), server.url("/black.png"),
                    server.url("/photo.png"), server.url("/pixel.webp"), server.url("/late.tiff")) + "\n");
            Inbox.awaitArchived(inbox, "big.txt");
            var report = TestApp.Csv.read(work.resolve("downloads/big.report.csv"));
            assertThat(TestApp.row(report, 1)).containsEntry("outcome", "rejected")
                    .containsEntry("error", "too many pixels: 50000x50000 = 2500000000 (maximum 100000000)");
            assertThat(TestApp.row(report, 2)).containsEntry("outcome", "rejected")
                    .containsEntry("error", "could not decode: out of memory").containsEntry("width", "8000");
            assertThat(TestApp.row(report, 3)).containsEntry("outcome", "downloaded");
            // The WebP reader is found in the packaged jar too.
            assertThat(TestApp.row(report, 4)).containsEntry("outcome", "downloaded").containsEntry("error", "");
            assertThat(TestApp.row(report, 5)).containsEntry("outcome", "downloaded").containsEntry("width", "40");

            Inbox.drop(inbox, "after.txt", server.url("/photo.png") + "?again\n");
            Inbox.awaitArchived(inbox, "after.txt");
            assertThat(work.resolve("downloads/after/photo.png")).hasBinaryContent(photo);

            daemon.process.destroy(); // SIGTERM
            daemon.waitFor(30);
            assertThat(daemon.output()).doesNotContain("OutOfMemoryError");
        }
    }
}
