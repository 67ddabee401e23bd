package org.imagedownloader;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon watched and fed over HTTP: health, metrics, the JSON API and its refusals. */
class HttpViewTest {

    @TempDir
    Path root;
    ImageServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = ImageServer.start().serve("/a.png", "image/png", Images.png(2_000, 1))
                .serve("/b.png", "image/png", Images.png(2_000, 2)).serve("/c.png", "image/png", Images.png(2_000, 3));
        server.stubFor(get(urlPathEqualTo("/gone.png")).willReturn(aResponse().withStatus(404)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    TestApp app(int port, Map<String, String> more) throws Exception {
        Map<String, String> settings = new HashMap<>(more);
        settings.put("downloader.http-enabled", "true");
        settings.put("downloader.http-port", String.valueOf(port));
        return TestApp.start(root, settings);
    }

    HttpResponse<String> send(int port, String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A PUT with a Host header of our choosing, which java.net.http does not let one set. */
    static String rawPut(int port, String host, String path) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("PUT " + path + " HTTP/1.1\r\nHost: " + host
                    + "\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    static double metric(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @Test
    void healthIsUpAndGoesDownWhenTheOutputFolderCannotBeWritten() throws Exception {
        int port = freePort();
        try (TestApp app = app(port, Map.of())) {
            // Up once every consumer has polled (the inbox's first poll comes a moment after start).
            await().atMost(Duration.ofSeconds(10)).until(() -> send(port, "GET", "/observe/health", null).statusCode() == 200);
            HttpResponse<String> health = send(port, "GET", "/observe/health", null);
            assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"name\":\"folders\",\"status\":\"UP\"");
            // chattr +i stops even root from creating files; without it this case cannot be staged here.
            assumeTrue(new ProcessBuilder("chattr", "+i", app.output.toString()).start().waitFor() == 0,
                    "chattr +i unavailable");
            try {
                HttpResponse<String> down = send(port, "GET", "/observe/health", null);
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).contains("DOWN").contains("not writable");
            } finally {
                new ProcessBuilder("chattr", "-i", app.output.toString()).start().waitFor();
            }
        }
    }

    @Test
    void metricsCountAListsOutcomesBytesAndRequests() throws Exception {
        int port = freePort();
        try (TestApp app = app(port, Map.of())) {
            String before = send(port, "GET", "/observe/metrics", null).body();
            assertThat(metric(before, "image_downloader_items_total{outcome=\"downloaded\"}")).isZero();
            app.drop("known.txt", String.join("\n", server.url("/a.png"), server.url("/b.png"), server.url("/c.png"),
                    server.url("/gone.png"), "not a url", server.url("/a.png")) + "\n");
            app.awaitArchived("known.txt");
            String after = send(port, "GET", "/observe/metrics", null).body();
            assertThat(metric(after, "image_downloader_items_total{outcome=\"downloaded\"}")).isEqualTo(3);
            assertThat(metric(after, "image_downloader_items_total{outcome=\"failed\"}")).isEqualTo(1);
            assertThat(metric(after, "image_downloader_items_total{outcome=\"invalid\"}")).isEqualTo(1);
            assertThat(metric(after, "image_downloader_items_total{outcome=\"duplicate\"}")).isEqualTo(1);
            long bytes = Files.size(app.folder("known").resolve("a.png")) + Files.size(app.folder("known").resolve("b.png"))
                    + Files.size(app.folder("known").resolve("c.png"));
            assertThat(metric(after, "image_downloader_saved_bytes_total")).isEqualTo(bytes);
            assertThat(metric(after, "image_downloader_attempts_total")).isEqualTo(4); // a 404 is not retried
            assertThat(metric(after, "image_downloader_retries_total")).isZero();
            assertThat(metric(after, "image_downloader_download_seconds_count")).isEqualTo(4);
            assertThat(metric(after, "image_downloader_open_lists")).isZero();
            assertThat(after).doesNotContain(server.url("/a.png")).doesNotContain("known.txt");
        }
    }

    @Test
    void theApiShowsFinishedListsFailuresAndServesOnlyTheirReports() throws Exception {
        int port = freePort();
        try (TestApp app = app(port, Map.of())) {
            HttpResponse<String> put = send(port, "PUT", "/api/lists/mixed.txt",
                    server.url("/a.png") + "\n" + server.url("/gone.png") + "\n");
            assertThat(put.statusCode()).isEqualTo(201);
            assertThat(put.headers().firstValue("Location")).hasValue("/api/lists/mixed.txt");
            app.awaitArchived("mixed.txt");

            String status = send(port, "GET", "/api/status", null).body();
            assertThat(status).contains("\"list\":\"mixed.txt\"").contains("/api/reports/mixed.report.csv")
                    .contains(server.url("/gone.png")).contains("HTTP 404");
            assertThat(send(port, "GET", "/api/lists/mixed.txt", null).body()).contains("\"state\":\"finished\"");
            assertThat(send(port, "GET", "/api/totals", null).body()).contains("\"downloaded\":1");
            assertThat(send(port, "GET", "/api/failures", null).body()).contains("\"line\":2");

            HttpResponse<String> report = send(port, "GET", "/api/reports/mixed.report.csv", null);
            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(report.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
            assertThat(report.body()).isEqualTo(Files.readString(app.output.resolve("mixed.report.csv")));
            for (String path : new String[] {"/api/reports/other.report.csv", "/api/reports/..%2F..%2Fetc%2Fpasswd",
                    "/api/reports/%2Fetc%2Fpasswd", "/api/lists/nothing.txt"}) {
                assertThat(send(port, "GET", path, null).statusCode()).as(path).isEqualTo(404);
            }
        }
    }

    @Test
    void aListSentOverHttpIsCheckedBeforeItReachesTheInbox() throws Exception {
        int port = freePort();
        try (TestApp app = app(port, Map.of("downloader.max-list-bytes", "100", "downloader.poll-millis", "60000"))) {
            HttpResponse<String> first = send(port, "PUT", "/api/lists/first.txt", server.url("/a.png"));
            assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
            assertThat(app.inbox.resolve("first.txt")).hasContent(server.url("/a.png"));
            assertThat(send(port, "PUT", "/api/lists/first.txt", "x").statusCode()).as("already waiting").isEqualTo(409);
            assertThat(app.inbox.resolve("first.txt")).hasContent(server.url("/a.png"));
            assertThat(send(port, "GET", "/api/lists/first.txt", null).body()).contains("\"state\":\"waiting\"");
            for (String name : new String[] {"notes.csv", ".hidden.txt", "..%2Fescape.txt", "a%5Cb.txt", "%2Fetc%2Fx.txt",
                    "a%0D%0Ab.txt"}) {
                assertThat(send(port, "PUT", "/api/lists/" + name, "x").statusCode()).as(name).isEqualTo(400);
            }
            assertThat(send(port, "PUT", "/api/lists/big.txt", "x".repeat(101)).statusCode()).isEqualTo(413);
            // A form's body is taken apart into fields by the HTTP server: the list would arrive empty.
            HttpResponse<String> form = send(port, "PUT", "/api/lists/form.txt", server.url("/a.png"),
                    "Content-Type", "application/x-www-form-urlencoded");
            assertThat(form.statusCode()).as(form.body()).isEqualTo(415);
            assertThat(form.body()).contains("curl -T");
            assertThat(root.resolve("escape.txt")).doesNotExist();
            try (var files = Files.list(app.inbox)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("first.txt");
            }
        }
    }

    @Test
    void writingNeedsTheTokenOnceOneIsSetAndIsRefusedOffLoopbackWithoutOne() throws Exception {
        int port = freePort();
        try (TestApp app = app(port, Map.of("downloader.api-token", "s3cret", "downloader.poll-millis", "60000"))) {
            HttpResponse<String> unauthorized = send(port, "PUT", "/api/lists/t.txt", "x");
            assertThat(unauthorized.statusCode()).isEqualTo(401);
            assertThat(unauthorized.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(send(port, "PUT", "/api/lists/t.txt", "x", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
            assertThat(send(port, "PUT", "/api/lists/t.txt", "x", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(201);
        }
        int local = freePort();
        try (TestApp app = app(local, Map.of("downloader.poll-millis", "60000"))) {
            // A page from elsewhere whose name was made to point here names itself in Host: refused.
            assertThat(rawPut(local, "evil.example", "/api/lists/r.txt")).startsWith("HTTP/1.1 403");
            assertThat(rawPut(local, "localhost:" + local, "/api/lists/r.txt")).startsWith("HTTP/1.1 201");
        }
        int open = freePort();
        try (TestApp app = app(open, Map.of("downloader.http-host", "0.0.0.0", "downloader.poll-millis", "60000"))) {
            HttpResponse<String> refused = send(open, "PUT", "/api/lists/u.txt", "x");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("downloader.api-token");
            assertThat(app.inbox.resolve("u.txt")).doesNotExist();
        }
    }
}
