package org.imagedownloader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image refused for its size is let go of as soon as its header is read: the rest of its body is
 * never downloaded, however long it is.
 */
class SizeRejectionLetsGoTest {

    private static final long ENDLESS = 2L << 30;

    @Test
    void anImageTooSmallByItsHeaderIsNotReadToItsEnd(@TempDir Path root) throws Exception {
        byte[] gif = Images.encoded("gif", 1, 1);
        AtomicLong sent = new AtomicLong();
        try (RawHttpServer server = new RawHttpServer((path, n, out) -> {
            // Chunked, so that no declared length refuses it before its header is read.
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[64 * 1024];
            System.arraycopy(gif, 0, chunk, 0, gif.length);
            try {
                while (sent.get() < ENDLESS) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    sent.addAndGet(chunk.length);
                }
            } catch (IOException hungUp) {
                // the client let go: what was sent until then is the measure
            }
        });
             TestApp app = TestApp.start(root, Map.of("downloader.watch", "false",
                     "downloader.min-width", "64", "downloader.min-height", "64"))) {

            var report = app.runList("endless", server.url("/pixel.gif"));

            assertThat(TestApp.row(report, 1)).containsEntry("outcome", "rejected")
                    .containsEntry("error", "too small: 1x1 (minimum 64x64)");
            // What the socket buffers took before the client hung up, not gigabytes.
            assertThat(sent.get()).isLessThan(64L << 20);
        }
    }
}
