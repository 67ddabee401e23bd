package org.imagedownloader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers that break HTTP in ways a server library will not: each fault sits in one list next to a
 * good URL, and ends in its exact outcome and attempt count, with no partial file and the good URL
 * unaffected.
 */
class MisbehavingServerTest {

    @TempDir
    static Path root;
    static RawHttpServer server;
    static TestApp app;
    static final byte[] IMAGE = Images.jpeg(40_000, 3);

    @BeforeAll
    static void start() throws Exception {
        server = new RawHttpServer(MisbehavingServerTest::answer);
        app = TestApp.start(root, Map.of("downloader.watch", "false", "downloader.read-timeout-millis", "500",
                "downloader.download-timeout", "2"));
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        server.close();
    }

    private static void answer(String path, int n, OutputStream out) throws java.io.IOException, InterruptedException {
        switch (path) {
            case "/good.jpg" -> {
                RawHttpServer.head(out, 200, "image/jpeg", IMAGE.length);
                out.write(IMAGE);
            }
            case "/length-too-long.jpg" -> { // claims more than it sends, then hangs up
                RawHttpServer.head(out, 200, "image/jpeg", IMAGE.length + 1000);
                out.write(IMAGE);
            }
            case "/length-too-short.jpg" -> { // claims less than it sends: the client must stop at the claim
                RawHttpServer.head(out, 200, "image/jpeg", 1000);
                out.write(IMAGE);
            }
            case "/chunked-cut.jpg" -> {
                out.write("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write((Integer.toHexString(IMAGE.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(IMAGE, 0, IMAGE.length / 3); // and never the rest, nor the last chunk
            }
            case "/chunked-malformed.jpg" -> {
                out.write("HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
            case "/silent.jpg" -> Thread.sleep(3_000); // accepts, never answers within the read timeout
            case "/headers-only.jpg" -> { // answers, then stalls before the body
                RawHttpServer.head(out, 200, "image/jpeg", IMAGE.length);
                out.flush();
                Thread.sleep(3_000);
            }
            case "/gzip-trickle.html" -> { // an encoded error page that would take for ever to read out
                out.write(("HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
                        + "Content-Length: 100000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                for (int i = 0; i < 100_000; i++) {
                    out.write(0);
                    out.flush();
                    Thread.sleep(50);
                }
            }
            case "/header-tarpit.jpg" -> { // a header line a byte at a time: never a read timeout
                out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
                for (int i = 0; i < 100; i++) {
                    out.write('a');
                    out.flush();
                    Thread.sleep(200);
                }
            }
            case "/header-line-flood.jpg" -> {
                out.write(("HTTP/1.1 200 OK\r\nX-Long: " + "a".repeat(1 << 20) + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
            case "/header-count-flood.jpg" -> {
                out.write(("HTTP/1.1 200 OK\r\n" + "X-Many: a\r\n".repeat(10_000) + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
            default -> RawHttpServer.head(out, 404, "text/plain", 0);
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs the lines as one list; its report, a row for every line. */
    private static List<Map<String, String>> run(String name, List<String> lines) throws Exception {
        Path list = root.resolve(name + ".txt");
        Files.writeString(list, String.join("\n", lines) + "\n");
        app.run(list);
        var report = app.report(name);
        assertThat(report).hasSize(lines.size());
        return report;
    }

    @Test
    void aResponseHeaderWithoutEndOrBoundsFailsWithoutRetries() throws Exception {
        var report = run("headers", List.of(
                server.url("/header-tarpit.jpg"),
                server.url("/header-line-flood.jpg"),
                server.url("/header-count-flood.jpg"),
                server.url("/good.jpg")));

        assertThat(report.get(0)).containsEntry("outcome", "failed").containsEntry("attempts", "1");
        assertThat(report.get(0).get("error")).startsWith("too slow: not complete after 2 s");
        assertThat(report.get(1)).containsEntry("outcome", "failed").containsEntry("attempts", "1");
        assertThat(report.get(1).get("error")).contains("Maximum line length limit exceeded");
        assertThat(report.get(2)).containsEntry("outcome", "failed").containsEntry("attempts", "1");
        assertThat(report.get(2).get("error")).contains("Maximum header count exceeded");
        assertThat(report.get(3)).containsEntry("outcome", "downloaded");
    }

    @Test
    void everyFaultEndsInItsOutcomeAndTheGoodUrlIsUnaffected() throws Exception {
        List<String> lines = List.of(
                server.url("/length-too-long.jpg"),
                server.url("/length-too-short.jpg"),
                server.url("/chunked-cut.jpg"),
                server.url("/chunked-malformed.jpg"),
                server.url("/silent.jpg"),
                server.url("/headers-only.jpg"),
                "http://127.0.0.1:" + closedPort() + "/refused.jpg",
                server.url("/good.jpg"),
                server.url("/gzip-trickle.html"));
        var report = run("faults", lines);
        // Transient faults are retried (2 retries in the tests) and then fail.
        for (int line : new int[] {1, 3, 4, 5, 6, 7}) {
            assertThat(report.get(line - 1)).as("line " + line)
                    .containsEntry("outcome", "failed").containsEntry("attempts", "3");
        }
        assertThat(report.get(0).get("error")).contains("Premature end");
        assertThat(report.get(4).get("error")).containsIgnoringCase("timed out");
        assertThat(report.get(6).get("error")).containsIgnoringCase("refused");
        // A body longer than its Content-Length is read up to the length: a JPEG prefix, kept as served.
        assertThat(report.get(1)).containsEntry("outcome", "downloaded").containsEntry("bytes", "1000");
        assertThat(report.get(7)).containsEntry("outcome", "downloaded");
        // Let go at once, not read to its end: no decompressing stream stands between us and the socket.
        assertThat(report.get(8)).containsEntry("outcome", "failed").containsEntry("attempts", "1")
                .containsEntry("http_status", "404");
        assertThat(Files.readAllBytes(app.folder("faults").resolve("good.jpg"))).isEqualTo(IMAGE);
        try (Stream<Path> files = Files.list(app.folder("faults"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("good.jpg", "length-too-short.jpg");
        }
        assertThat(server.requests("/silent.jpg")).isEqualTo(3);
    }
}
