package org.imagedownloader;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-URL route against a real HTTP server on loopback: fetching, retrying, filtering, saving. */
class FetchFlowTest {

    @TempDir
    static Path root;
    static ImageServer server;
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        server = ImageServer.start();
        app = TestApp.start(root, Map.of(
                "downloader.watch", "false",
                "downloader.read-timeout-millis", "700",
                "downloader.max-bytes", "1000000"));
    }

    @AfterAll
    static void stop() {
        app.close();
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    /** Runs a list (as the CLI does) and returns its report rows. */
    private List<Map<String, String>> run(String listName, String... lines) throws Exception {
        return app.runList(listName, lines);
    }

    private static Map<String, String> row(List<Map<String, String>> report, int line) {
        return TestApp.row(report, line);
    }

    private void assertNoTempFiles(String folder) throws Exception {
        try (Stream<Path> files = Files.list(app.folder(folder))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
    }

    @Test
    void savesBytesExactlyUnderNamesTakenFromTheUrl() throws Exception {
        byte[] cat = Images.jpeg(300_000, 1);
        byte[] photo = Images.png(5_000, 2);
        byte[] wrongExt = Images.jpeg(4_000, 3);
        byte[] root = Images.jpeg(2_000, 4);
        byte[] unicode = Images.png(2_000, 5);
        server.serve("/a/cat.jpg", "image/jpeg", cat);
        server.serve("/b/photo", "image/png", photo);
        server.serve("/c/pic.png", "image/jpeg", wrongExt);
        server.serve("/", "image/jpeg", root);
        server.serve("/x/%E7%8C%AB.png", "image/png", unicode);

        var report = run("names", server.url("/a/cat.jpg?size=large#top"), server.url("/b/photo"),
                server.url("/c/pic.png"), server.url("/"), server.url("/x/%E7%8C%AB.png"));

        Path folder = app.folder("names");
        assertThat(Files.readAllBytes(folder.resolve("cat.jpg"))).isEqualTo(cat);
        assertThat(Files.readAllBytes(folder.resolve("photo.png"))).isEqualTo(photo);
        assertThat(Files.readAllBytes(folder.resolve("pic.png.jpg"))).isEqualTo(wrongExt);
        assertThat(Files.readAllBytes(folder.resolve("猫.png"))).isEqualTo(unicode);
        String hashName = row(report, 4).get("file");
        assertThat(hashName).matches("image-[0-9a-f]{16}\\.jpg");
        assertThat(Files.readAllBytes(folder.resolve(hashName))).isEqualTo(root);
        assertThat(report).allSatisfy(r -> {
            assertThat(r.get("outcome")).isEqualTo("downloaded");
            assertThat(r.get("http_status")).isEqualTo("200");
            assertThat(r.get("attempts")).isEqualTo("1");
        });
        assertThat(row(report, 1)).containsEntry("bytes", "300000").containsEntry("content_type", "image/jpeg")
                .containsEntry("file", "cat.jpg");
        assertNoTempFiles("names");
    }

    @Test
    void twoUrlsWantingOneNameNeverOverwriteEachOther() throws Exception {
        byte[] one = Images.jpeg(10_000, 11);
        byte[] two = Images.jpeg(10_000, 12);
        server.serve("/one/cat.jpg", "image/jpeg", one);
        server.serve("/two/cat.jpg", "image/jpeg", two);

        var report = run("collide", server.url("/one/cat.jpg"), server.url("/two/cat.jpg"));

        assertThat(report).extracting(r -> r.get("file")).containsExactlyInAnyOrder("cat.jpg", "cat-2.jpg");
        for (var r : report) {
            byte[] expected = r.get("url").contains("/one/") ? one : two;
            assertThat(Files.readAllBytes(app.folder("collide").resolve(r.get("file")))).isEqualTo(expected);
        }
    }

    @Test
    void transientStatusesAreRetriedUntilTheyPass() throws Exception {
        byte[] body = Images.jpeg(1_000, 21);
        server.stubFor(get("/flaky.jpg").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
        server.stubFor(get("/flaky.jpg").inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(502)).willSetStateTo("third"));
        server.stubFor(get("/flaky.jpg").inScenario("flaky").whenScenarioStateIs("third")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg").withBody(body)));
        server.serve("/steady.jpg", "image/jpeg", Images.jpeg(1_000, 22));

        var report = run("flaky", server.url("/flaky.jpg"), server.url("/steady.jpg"));

        assertThat(row(report, 1)).containsEntry("outcome", "downloaded").containsEntry("attempts", "3");
        assertThat(row(report, 2)).containsEntry("outcome", "downloaded").containsEntry("attempts", "1");
        assertThat(Files.readAllBytes(app.folder("flaky").resolve("flaky.jpg"))).isEqualTo(body);
    }

    @Test
    void aServerErrorThatPersistsFailsAfterTheRetries() throws Exception {
        server.stubFor(get("/down.jpg").willReturn(aResponse().withStatus(500)));

        var report = run("down", server.url("/down.jpg"));

        assertThat(row(report, 1)).containsEntry("outcome", "failed").containsEntry("attempts", "3")
                .containsEntry("http_status", "500").containsEntry("error", "HTTP 500");
        server.verify(3, getRequestedFor(urlPathEqualTo("/down.jpg")));
    }

    @Test
    void otherClientErrorsAreNotRetried() throws Exception {
        server.stubFor(get("/gone.jpg").willReturn(aResponse().withStatus(404).withBody("not here")));
        server.stubFor(get("/secret.jpg").willReturn(aResponse().withStatus(403)));

        var report = run("client-errors", server.url("/gone.jpg"), server.url("/secret.jpg"));

        assertThat(row(report, 1)).containsEntry("outcome", "failed").containsEntry("attempts", "1")
                .containsEntry("http_status", "404");
        assertThat(row(report, 2)).containsEntry("outcome", "failed").containsEntry("attempts", "1")
                .containsEntry("http_status", "403");
        server.verify(1, getRequestedFor(urlPathEqualTo("/gone.jpg")));
    }

    @Test
    void retryAfterIsHonouredInSecondsAndAsADate() throws Exception {
        server.stubFor(get("/busy.jpg").inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("ok"));
        server.stubFor(get("/busy.jpg").inScenario("busy").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                        .withBody(Images.jpeg(500, 31))));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().plusSeconds(2).atOffset(ZoneOffset.UTC));
        server.stubFor(get("/later.jpg").inScenario("later").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", date)).willSetStateTo("ok"));
        server.stubFor(get("/later.jpg").inScenario("later").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                        .withBody(Images.jpeg(500, 32))));

        // The two URLs on two host names: a 429 pauses its whole host (PolitenessTest), which would hold the
        // second URL back in the queue and eat into its own Retry-After date before it even starts.
        var report = run("retry-after", server.url("/busy.jpg"), server.url("/later.jpg").replace("localhost", "127.0.0.1"));

        // Without Retry-After the test settings retry after about 50 ms.
        assertThat(row(report, 1)).containsEntry("outcome", "downloaded").containsEntry("attempts", "2");
        assertThat(Long.parseLong(row(report, 1).get("millis"))).isGreaterThanOrEqualTo(950);
        assertThat(row(report, 2)).containsEntry("outcome", "downloaded").containsEntry("attempts", "2");
        assertThat(Long.parseLong(row(report, 2).get("millis"))).isGreaterThanOrEqualTo(900);
    }

    @Test
    void aRetryThatFindsNoSlotFreeWaitsForOneAtNoCostToItsUrl() throws Exception {
        // One slot, held by a slow download for longer than a retry waits for a slot at a time.
        try (TestApp narrow = TestApp.start(root.resolve("no-slot"), Map.of("downloader.watch", "false",
                "downloader.concurrency", "1", "camel.component.http.connection-request-timeout", "200"))) {
            server.stubFor(get("/busy-then-ok.jpg").inScenario("slot").whenScenarioStateIs(Scenario.STARTED)
                    .willReturn(aResponse().withStatus(500)).willSetStateTo("ok"));
            server.stubFor(get("/busy-then-ok.jpg").inScenario("slot").whenScenarioStateIs("ok")
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                            .withBody(Images.jpeg(500, 61))));
            server.stubFor(get("/slow-holder.jpg").willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "image/jpeg").withBody(Images.jpeg(500, 62)).withFixedDelay(1_500)));

            var report = narrow.runList("no-slot", server.url("/busy-then-ok.jpg"), server.url("/slow-holder.jpg"));

            assertThat(report).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
            server.verify(2, getRequestedFor(urlPathEqualTo("/busy-then-ok.jpg")));
        }
    }

    @Test
    void aUrlWaitingToRetryDoesNotHoldADownloadSlot() throws Exception {
        // concurrency 1 is set on a dedicated app: one slot, and the retrying URL must not keep it.
        try (TestApp narrow = TestApp.start(root.resolve("narrow"), Map.of(
                "downloader.watch", "false", "downloader.concurrency", "1"))) {
            server.stubFor(get("/slow-retry.jpg").inScenario("wait").whenScenarioStateIs(Scenario.STARTED)
                    // 500, not 503: a 503 would pause the whole host (PolitenessTest), quick URLs included
                    .willReturn(aResponse().withStatus(500).withHeader("Retry-After", "2")).willSetStateTo("ok"));
            server.stubFor(get("/slow-retry.jpg").inScenario("wait").whenScenarioStateIs("ok")
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                            .withBody(Images.jpeg(500, 41))));
            String[] lines = new String[6];
            lines[0] = server.url("/slow-retry.jpg");
            for (int i = 1; i < lines.length; i++) {
                server.serve("/quick" + i + ".jpg", "image/jpeg", Images.jpeg(500, 41 + i));
                lines[i] = server.url("/quick" + i + ".jpg");
            }
            Path list = root.resolve("narrow-list.txt");
            Files.writeString(list, String.join("\n", lines));
            narrow.run(list);

            var requests = server.requests();
            assertThat(requests).hasSize(7);
            // The five quick URLs were served while the first one waited for its retry.
            assertThat(requests.get(requests.size() - 1).getUrl()).isEqualTo("/slow-retry.jpg");
            assertThat(narrow.report("narrow-list")).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
        }
    }

    @Test
    void brokenConnectionsAndTimeoutsAreRetried() throws Exception {
        server.stubFor(get("/reset.jpg").inScenario("reset").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        server.stubFor(get("/reset.jpg").inScenario("reset").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                        .withBody(Images.jpeg(800, 51))));
        server.stubFor(get("/stall.jpg").inScenario("stall").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(2_000).withHeader("Content-Type", "image/jpeg")
                        .withBody(Images.jpeg(800, 53))).willSetStateTo("ok"));
        server.stubFor(get("/stall.jpg").inScenario("stall").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg")
                        .withBody(Images.jpeg(800, 54))));
        server.stubFor(get("/always-reset.jpg").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        var report = run("broken", server.url("/reset.jpg"), server.url("/stall.jpg"), server.url("/always-reset.jpg"));

        assertThat(row(report, 1)).containsEntry("outcome", "downloaded").containsEntry("attempts", "2");
        assertThat(row(report, 2)).containsEntry("outcome", "downloaded").containsEntry("attempts", "2");
        assertThat(Files.readAllBytes(app.folder("broken").resolve("stall.jpg"))).isEqualTo(Images.jpeg(800, 54));
        assertThat(row(report, 3)).containsEntry("outcome", "failed").containsEntry("attempts", "3");
        assertThat(row(report, 3).get("error")).containsIgnoringCase("reset");
        assertNoTempFiles("broken");
    }

    @Test
    void aBodyCutShortIsRetriedAndNeverLeftOnDisk() throws Exception {
        byte[] image = Images.jpeg(50_000, 55);
        try (RawHttpServer raw = new RawHttpServer((path, n, out) -> {
            RawHttpServer.head(out, 200, "image/jpeg", image.length);
            // The first answer for /once, and every answer for /always, stops half-way and hangs up.
            boolean cut = path.equals("/always.jpg") || n == 1;
            out.write(image, 0, cut ? image.length / 2 : image.length);
        })) {
            var report = run("cut", raw.url("/once.jpg"), raw.url("/always.jpg"));

            assertThat(row(report, 1)).containsEntry("outcome", "downloaded").containsEntry("attempts", "2");
            assertThat(Files.readAllBytes(app.folder("cut").resolve("once.jpg"))).isEqualTo(image);
            assertThat(row(report, 2)).containsEntry("outcome", "failed").containsEntry("attempts", "3");
            assertThat(raw.requests("/always.jpg")).isEqualTo(3);
            assertThat(app.folder("cut").resolve("always.jpg")).doesNotExist();
            assertNoTempFiles("cut");
        }
    }

    @Test
    void downloadsInFlightNeverExceedTheConcurrencyAcrossLists() throws Exception {
        // Counted while the server holds each request, before answering: a client slot freed by a finished
        // response cannot start a new request until that response has been read, i.e. after this window.
        AtomicInteger waiting = new AtomicInteger();
        AtomicInteger mostWaiting = new AtomicInteger();
        try (RawHttpServer raw = new RawHttpServer((path, n, out) -> {
                mostWaiting.accumulateAndGet(waiting.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(100);
                } finally {
                    waiting.decrementAndGet();
                }
                byte[] body = Images.png(2_000, path.hashCode());
                RawHttpServer.head(out, 200, "image/png", body.length);
                out.write(body);
            });
             TestApp narrow = TestApp.start(root.resolve("three"), Map.of(
                     "downloader.watch", "false", "downloader.concurrency", "3"))) {
            Path a = root.resolve("three-a.txt");
            Path b = root.resolve("three-b.txt");
            StringBuilder la = new StringBuilder();
            StringBuilder lb = new StringBuilder();
            for (int i = 0; i < 15; i++) {
                la.append(raw.url("/a" + i + ".png")).append('\n');
                lb.append(raw.url("/b" + i + ".png")).append('\n');
            }
            Files.writeString(a, la);
            Files.writeString(b, lb);

            var other = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return narrow.run(b);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            narrow.run(a);
            other.get();

            assertThat(mostWaiting).hasValue(3);
            assertThat(narrow.report("three-a")).hasSize(15).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
            assertThat(narrow.report("three-b")).hasSize(15).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
        }
    }

    @Test
    void onlyRealImagesOfAcceptedTypesAreKept() throws Exception {
        server.stubFor(get("/page.jpg").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html; charset=utf-8").withBody("<html>soft 404</html>")));
        server.stubFor(get("/liar.jpg").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/jpeg").withBody("<!doctype html><html>not an image</html>")));
        server.stubFor(get("/empty.png").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png")));
        server.serve("/huge.jpg", "image/jpeg", Images.jpeg(1_500_000, 61));
        server.serve("/icon.svg", "image/svg+xml",
                "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8));

        var report = run("filter", server.url("/page.jpg"), server.url("/liar.jpg"), server.url("/empty.png"),
                server.url("/huge.jpg"), server.url("/icon.svg"));

        assertThat(row(report, 1)).containsEntry("outcome", "rejected")
                .containsEntry("error", "content-type text/html; charset=utf-8");
        assertThat(row(report, 2)).containsEntry("outcome", "rejected").containsEntry("error", "body is not an image");
        assertThat(row(report, 3)).containsEntry("outcome", "rejected").containsEntry("error", "empty body");
        assertThat(row(report, 4)).containsEntry("outcome", "rejected");
        assertThat(row(report, 4).get("error")).startsWith("too large");
        assertThat(row(report, 5)).containsEntry("outcome", "downloaded").containsEntry("file", "icon.svg");
        try (Stream<Path> files = Files.list(app.folder("filter"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("icon.svg");
        }
    }

    @Test
    void redirectsAreFollowedWithinBounds() throws Exception {
        byte[] body = Images.png(900, 71);
        server.stubFor(get("/r/start.png").willReturn(aResponse().withStatus(302).withHeader("Location", "/r/middle")));
        server.stubFor(get("/r/middle").willReturn(aResponse().withStatus(301).withHeader("Location", "/r/final.png")));
        server.serve("/r/final.png", "image/png", body);
        server.stubFor(get("/loop/a").willReturn(aResponse().withStatus(302).withHeader("Location", "/loop/b")));
        server.stubFor(get("/loop/b").willReturn(aResponse().withStatus(302).withHeader("Location", "/loop/a")));
        server.stubFor(get("/to-ftp").willReturn(aResponse().withStatus(302).withHeader("Location", "ftp://127.0.0.1/x.png")));

        for (int i = 0; i < 15; i++) {
            server.stubFor(get("/chain/" + i).willReturn(aResponse().withStatus(302).withHeader("Location", "/chain/" + (i + 1))));
        }
        server.serve("/chain/15", "image/png", body);

        var report = run("redirects", server.url("/r/start.png"), server.url("/loop/a"), server.url("/to-ftp"),
                server.url("/chain/0"));

        assertThat(row(report, 1)).containsEntry("outcome", "downloaded").containsEntry("file", "start.png");
        assertThat(Files.readAllBytes(app.folder("redirects").resolve("start.png"))).isEqualTo(body);
        assertThat(row(report, 2)).containsEntry("outcome", "failed").containsEntry("attempts", "1");
        assertThat(row(report, 3)).containsEntry("outcome", "failed").containsEntry("attempts", "1");
        // downloader.max-redirects defaults to 10
        assertThat(row(report, 4)).containsEntry("outcome", "failed").containsEntry("attempts", "1");
        assertThat(row(report, 4).get("error")).contains("redirects");
        server.verify(11, getRequestedFor(urlPathMatching("/chain/.*")));
    }

    @Test
    void requestsCarryOurUserAgentAndNoInternalHeaders() throws Exception {
        server.serve("/ua.jpg", "image/jpeg", Images.jpeg(500, 81));

        run("ua", server.url("/ua.jpg"));

        var request = server.requests().get(0);
        assertThat(request.getHeader("User-Agent")).startsWith("image-downloader/");
        assertThat(request.getMethod().getName()).isEqualTo("GET");
        assertThat(request.getAllHeaderKeys()).noneMatch(h -> h.startsWith("Camel") || h.equals("outcome")
                || h.equals("runId"));
    }

    @Test
    void invalidLinesNeverReachAnyComponent() throws Exception {
        Path secret = root.resolve("secret.txt");
        Files.writeString(secret, "do not read");

        var report = run("hostile", "file://" + secret, "direct:list", "seda:download", "exec:rm -rf /",
                "ftp://127.0.0.1/x.jpg", "javascript:alert(1)", "http://", "not a url at all",
                "x".repeat(9000));

        assertThat(report).hasSize(9).allSatisfy(r -> {
            assertThat(r.get("outcome")).isEqualTo("invalid");
            assertThat(r.get("error")).isNotBlank();
            assertThat(r.get("attempts")).isEqualTo("0");
        });
        assertThat(row(report, 9).get("error")).contains("too long");
        assertThat(server.requests()).isEmpty();
        try (Stream<Path> files = Files.list(app.folder("hostile"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void rerunsSkipWhatIsThereAndDuplicatesAreFetchedOnce() throws Exception {
        server.serve("/d/one.jpg", "image/jpeg", Images.jpeg(700, 91));
        server.serve("/d/two.jpg", "image/jpeg", Images.jpeg(700, 92));

        var first = run("again", server.url("/d/one.jpg"), "", "# a comment", server.url("/d/two.jpg"),
                server.url("/d/one.jpg"));
        assertThat(first).extracting(r -> r.get("line") + ":" + r.get("outcome"))
                .containsExactly("1:downloaded", "4:downloaded", "5:duplicate");
        assertThat(row(first, 5).get("error")).isEqualTo("same URL as line 1");
        // Only line 1 asks (twice if a loaded machine's slow first answer timed out and was retried).
        assertThat(row(first, 5).get("attempts")).isEqualTo("0");
        server.verify(Integer.parseInt(row(first, 1).get("attempts")), getRequestedFor(urlPathEqualTo("/d/one.jpg")));

        Files.delete(app.folder("again").resolve("two.jpg"));
        var second = run("again", server.url("/d/one.jpg"), "", "# a comment", server.url("/d/two.jpg"),
                server.url("/d/one.jpg"));
        assertThat(second).extracting(r -> r.get("line") + ":" + r.get("outcome"))
                .containsExactly("1:skipped", "4:downloaded", "5:duplicate");
        assertThat(row(second, 1)).containsEntry("file", "one.jpg").containsEntry("attempts", "0")
                .containsEntry("bytes", "700");
        assertThat(row(second, 4)).containsEntry("file", "two.jpg");
        server.verify(1, getRequestedFor(urlPathEqualTo("/d/one.jpg")));
        server.verify(2, getRequestedFor(urlPathEqualTo("/d/two.jpg")));
    }

    @Test
    void aProxyFromTheSettingsCarriesEveryRequest() throws Exception {
        try (TestApp proxied = TestApp.start(root.resolve("proxied"), Map.of(
                "downloader.watch", "false", "downloader.proxy", server.baseUrl()))) {
            byte[] body = Images.jpeg(600, 101);
            server.serve("/via/proxy.jpg", "image/jpeg", body);
            Path list = root.resolve("proxy-list.txt");
            // The host does not exist: only a proxy can answer for it.
            Files.writeString(list, "http://images.example.invalid/via/proxy.jpg\n");

            proxied.run(list);

            assertThat(proxied.report("proxy-list").get(0)).containsEntry("outcome", "downloaded");
            assertThat(Files.readAllBytes(proxied.folder("proxy-list").resolve("proxy.jpg"))).isEqualTo(body);
            assertThat(server.requests().get(0).getAbsoluteUrl())
                    .contains("images.example.invalid");
        }
    }

    @Test
    void aTransferThatTricklesPastTheDownloadTimeoutEnds() throws Exception {
        try (RawHttpServer raw = new RawHttpServer((path, n, out) -> {
                byte[] image = Images.jpeg(100_000, 111);
                RawHttpServer.head(out, 200, "image/jpeg", image.length);
                for (byte b : image) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(20); // 50 bytes/s: never silent long enough for the read timeout
                }
            });
             TestApp strict = TestApp.start(root.resolve("strict"), Map.of(
                     "downloader.watch", "false", "downloader.download-timeout", "2"))) {
            Path list = root.resolve("dribble.txt");
            Files.writeString(list, raw.url("/dribble.jpg") + "\n");
            long t0 = System.nanoTime();

            strict.run(list);

            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
            var row = strict.report("dribble").get(0);
            assertThat(row).containsEntry("outcome", "failed").containsEntry("attempts", "1");
            assertThat(row.get("error")).startsWith("too slow");
            try (Stream<Path> files = Files.list(strict.folder("dribble"))) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void privateAddressesAreRefusedWhenBlocked() throws Exception {
        server.serve("/inside.jpg", "image/jpeg", Images.jpeg(500, 121));
        try (TestApp guarded = TestApp.start(root.resolve("guarded"), Map.of(
                "downloader.watch", "false", "downloader.block-private-networks", "true"))) {
            Path list = root.resolve("private.txt");
            Files.writeString(list, "http://127.0.0.1:" + server.port() + "/inside.jpg\nhttp://localhost:" + server.port() + "/inside.jpg\n");

            guarded.run(list);

            assertThat(guarded.report("private")).hasSize(2).allSatisfy(r -> {
                assertThat(r.get("outcome")).isEqualTo("invalid");
                assertThat(r.get("error")).contains("private or local address");
            });
            assertThat(server.requests()).isEmpty();
        }
    }
}
