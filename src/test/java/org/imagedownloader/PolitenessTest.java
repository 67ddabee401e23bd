package org.imagedownloader;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Polite to every server: opt-outs honoured, per-host limits kept, a host that asks to slow down paused. */
class PolitenessTest {

    @RegisterExtension
    static final ServedApp SERVED = new ServedApp(Map.of());




    private void serveTagged(String path, String robotsTag, long seed) {
        SERVED.server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/jpeg").withHeader("X-Robots-Tag", robotsTag)
                .withBody(Images.jpeg(5_000, seed))));
    }

    @Test
    void imagesOptedOutOfAiUseAreRejectedUnsavedUnlessTheTagNamesAnotherAgent() throws Exception {
        serveTagged("/o/bare.jpg", "noai", 201);
        serveTagged("/o/image.jpg", "noindex, noimageai", 202);
        serveTagged("/o/ours.jpg", "image-downloader: noai", 203);
        serveTagged("/o/theirs.jpg", "otherbot: noai", 204);
        serveTagged("/o/unrelated.jpg", "noindex", 205);

        var report = SERVED.app.runList("optout", SERVED.server.url("/o/bare.jpg"), SERVED.server.url("/o/image.jpg"),
                SERVED.server.url("/o/ours.jpg"), SERVED.server.url("/o/theirs.jpg"), SERVED.server.url("/o/unrelated.jpg"));

        assertThat(TestApp.row(report, 1)).containsEntry("outcome", "rejected")
                .containsEntry("error", "opted out: X-Robots-Tag noai").containsEntry("file", "");
        assertThat(TestApp.row(report, 2)).containsEntry("outcome", "rejected")
                .containsEntry("error", "opted out: X-Robots-Tag noimageai");
        assertThat(TestApp.row(report, 3)).containsEntry("outcome", "rejected")
                .containsEntry("error", "opted out: X-Robots-Tag image-downloader: noai")
                .containsEntry("attempts", "1");
        assertThat(TestApp.row(report, 4)).containsEntry("outcome", "downloaded");
        assertThat(TestApp.row(report, 5)).containsEntry("outcome", "downloaded");
        try (var files = Files.list(SERVED.app.folder("optout"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("theirs.jpg", "unrelated.jpg");
        }
    }

    @Test
    void anEmptyListOfDirectivesTurnsTheCheckOff(@TempDir Path elsewhere) throws Exception {
        serveTagged("/p/bare.jpg", "noai", 206);
        try (TestApp off = TestApp.start(elsewhere, Map.of("downloader.watch", "false",
                "downloader.opt-out-directives", ""))) {
            assertThat(TestApp.row(off.runList("optin", SERVED.server.url("/p/bare.jpg")), 1)).containsEntry("outcome", "downloaded");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    @Test
    void aHostGetsAtMostItsShareAcrossListsWhileAnotherHostUsesTheFreeSlots(@TempDir Path elsewhere) throws Exception {
        try (HostsServer hosts = new HostsServer(2);
             TestApp polite = TestApp.start(elsewhere, Map.of("downloader.watch", "false",
                     "downloader.concurrency", "8", "downloader.per-host-concurrency", "2"))) {
            hosts.answer((host, path, exchange) -> {
                Thread.sleep(100);
                return 0;
            });
            // Two lists at once, both mostly on host 1; host 2 comes last in one of them.
            List<String> one = Urls.numbered(hosts.url(1, "/one/"), 12, ".jpg");
            List<String> two = concat(Urls.numbered(hosts.url(1, "/two/"), 12, ".jpg"),
                    Urls.numbered(hosts.url(2, "/two/"), 6, ".jpg"));
            var first = CompletableFuture.supplyAsync(() -> runQuietly(polite, "one", one));
            var second = CompletableFuture.supplyAsync(() -> runQuietly(polite, "two", two));

            assertThat(first.get(60, TimeUnit.SECONDS)).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
            assertThat(second.get(60, TimeUnit.SECONDS)).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
            assertThat(hosts.mostInFlight(1)).isEqualTo(2);
            assertThat(hosts.mostInFlight(2)).isEqualTo(2);
            // Host 2's URLs, queued behind host 1's, did not wait for host 1 to be done.
            long lastOnHost1 = hosts.arrivals(1).stream().mapToLong(HostsServer.Arrival::nanos).max().orElseThrow();
            long firstOnHost2 = hosts.arrivals(2).stream().mapToLong(HostsServer.Arrival::nanos).min().orElseThrow();
            assertThat(firstOnHost2).isLessThan(lastOnHost1);
        }
    }

    @Test
    void aListOverMoreHostsThanSlotsKeepsItsConnections(@TempDir Path elsewhere) throws Exception {
        try (HostsServer hosts = new HostsServer(8);
             TestApp polite = TestApp.start(elsewhere, Map.of("downloader.watch", "false",
                     "downloader.concurrency", "4", "downloader.per-host-concurrency", "1"))) {
            // Six URLs per host, the hosts in turn: 8 hosts take turns at 4 download slots.
            String[] urls = java.util.stream.IntStream.range(0, 48)
                    .mapToObj(i -> hosts.url(i % 8 + 1, "/turn/" + i + ".jpg")).toArray(String[]::new);
            var report = polite.runList("turns", urls);

            assertThat(report).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
            for (int host = 1; host <= 8; host++) {
                // One connection per host is enough at one request at a time; a pool no bigger than the
                // slots would close one host's idle connection to open the next host's, again and again.
                assertThat(hosts.connections(host)).as("connections to host %d", host).isEqualTo(1);
            }
        }
    }

    @Test
    void retriesDoNotTakeMoreRequestsInFlightThanTheConcurrency(@TempDir Path elsewhere) throws Exception {
        try (HostsServer hosts = new HostsServer(8);
             TestApp polite = TestApp.start(elsewhere, Map.of("downloader.watch", "false",
                     "downloader.concurrency", "2", "downloader.per-host-concurrency", "1",
                     "downloader.retry-delay-millis", "50"))) {
            // Every URL fails once with a 500 and is slow when it succeeds: a retry, which runs once its wait
            // is over and not on a download slot's thread, must still wait for a slot.
            Set<String> failedOnce = ConcurrentHashMap.newKeySet();
            hosts.answer((host, path, exchange) -> {
                if (failedOnce.add(host + path)) {
                    return 500;
                }
                Thread.sleep(150);
                return 0;
            });
            String[] urls = java.util.stream.IntStream.range(0, 24)
                    .mapToObj(i -> hosts.url(i % 8 + 1, "/retry/" + i + ".jpg")).toArray(String[]::new);
            var report = polite.runList("retried", urls);

            assertThat(report).allSatisfy(r -> {
                assertThat(r.get("outcome")).isEqualTo("downloaded");
                assertThat(r.get("attempts")).isEqualTo("2");
            });
            assertThat(hosts.mostInFlight()).isEqualTo(2);
        }
    }

    private static List<Map<String, String>> runQuietly(TestApp on, String listName, List<String> urls) {
        try {
            return on.runList(listName, urls);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void requestsToOneHostAreSpacedByItsRate(@TempDir Path elsewhere) throws Exception {
        try (HostsServer hosts = new HostsServer(1);
             TestApp polite = TestApp.start(elsewhere, Map.of("downloader.watch", "false",
                     "downloader.concurrency", "4", "downloader.per-host-rate", "5"))) {
            var report = polite.runList("rated", Urls.numbered(hosts.url(1, "/r/"), 6, ".jpg"));

            assertThat(report).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
            List<Long> times = hosts.arrivals(1).stream().map(HostsServer.Arrival::nanos).sorted().toList();
            assertThat(times).hasSize(6);
            for (int i = 1; i < times.size(); i++) {
                // 5 per second is one every 200 ms; the queue's own timing may be a little early or late
                assertThat(TimeUnit.NANOSECONDS.toMillis(times.get(i) - times.get(i - 1))).as("gap before request %d", i)
                        .isGreaterThanOrEqualTo(180);
            }
        }
    }

    @Test
    void aHostAnswering429PausesAllItsUrlsForItsRetryAfterWhileAnotherHostGoesOn(@TempDir Path elsewhere)
            throws Exception {
        try (HostsServer hosts = new HostsServer(2);
             TestApp polite = TestApp.start(elsewhere, Map.of("downloader.watch", "false",
                     "downloader.concurrency", "2", "downloader.per-host-concurrency", "1"))) {
            AtomicBoolean asked = new AtomicBoolean();
            hosts.answer((host, path, exchange) -> {
                if (path.startsWith("/p/") && asked.compareAndSet(false, true)) {
                    exchange.getResponseHeaders().set("Retry-After", "3");
                    return 429;
                }
                if (path.startsWith("/q/")) {
                    Thread.sleep(200); // host 2 keeps going all through the pause
                }
                return 0;
            });
            var report = polite.runList("paused",
                    concat(Urls.numbered(hosts.url(1, "/p/"), 5, ".jpg"), Urls.numbered(hosts.url(2, "/q/"), 10, ".jpg")));

            assertThat(report).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
            List<Long> host1 = hosts.arrivals(1).stream().map(HostsServer.Arrival::nanos).sorted().toList();
            assertThat(host1).hasSize(6); // five URLs and the one retry
            long paused = host1.get(0);
            assertThat(TimeUnit.NANOSECONDS.toMillis(host1.get(1) - paused)).as("first request after the 429")
                    .isGreaterThanOrEqualTo(2_900);
            List<Long> host2 = hosts.arrivals(2).stream().map(HostsServer.Arrival::nanos).toList();
            assertThat(host2.stream().filter(t -> t > paused && t - paused < TimeUnit.MILLISECONDS.toNanos(2_900)))
                    .as("host 2's requests during host 1's pause").hasSizeGreaterThanOrEqualTo(8);
            assertThat(TestApp.row(report, 1).get("attempts")).isEqualTo("2");
        }
    }

    @Test
    void headersFromTheFileReachOnlyTheirHostAlsoAcrossRedirects(@TempDir Path elsewhere) throws Exception {
        try (HostsServer hosts = new HostsServer(2)) {
            Path headersFile = Files.writeString(elsewhere.resolve("headers.txt"),
                    "http://127.0.0.1: Cookie: session=s3cr3t\nhttp://127.0.0.1: Referer: https://gallery.example/\n");
            hosts.answer((host, path, exchange) -> {
                if (path.equals("/away.jpg")) {
                    exchange.getResponseHeaders().set("Location", hosts.url(2, "/landed.jpg"));
                    return 302;
                }
                if (path.equals("/back.jpg")) {
                    exchange.getResponseHeaders().set("Location", hosts.url(1, "/home.jpg"));
                    return 302;
                }
                return 0;
            });
            try (TestApp withHeaders = TestApp.start(elsewhere, Map.of("downloader.watch", "false",
                    "downloader.headers-file", headersFile.toString()))) {
                var report = withHeaders.runList("headers", hosts.url(1, "/a.jpg"), hosts.url(1, "/away.jpg"),
                        hosts.url(2, "/c.jpg"), hosts.url(2, "/back.jpg"));

                assertThat(report).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
                assertThat(hosts.arrivals(1)).extracting(HostsServer.Arrival::path)
                        .containsExactlyInAnyOrder("/a.jpg", "/away.jpg", "/home.jpg");
                assertThat(hosts.arrivals(1)).allSatisfy(a -> assertThat(a.headers())
                        .containsEntry("cookie", "session=s3cr3t").containsEntry("referer", "https://gallery.example/"));
                assertThat(hosts.arrivals(2)).extracting(HostsServer.Arrival::path)
                        .containsExactlyInAnyOrder("/landed.jpg", "/c.jpg", "/back.jpg");
                assertThat(hosts.arrivals(2)).allSatisfy(a -> assertThat(a.headers()).doesNotContainKeys("cookie", "referer"));
                assertThat(Files.readString(withHeaders.output.resolve("headers.report.csv"))).doesNotContain("s3cr3t");
            }
        }
    }

    private static byte[] gzip(String text) throws java.io.IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @Test
    void robotsTxtWhenOnIsAskedOncePerHostAndWhatItDisallowsForUsIsNeverFetched(@TempDir Path elsewhere)
            throws Exception {
        try (HostsServer hosts = new HostsServer(5)) {
            hosts.answer((host, path, exchange) -> {
                if (!path.equals("/robots.txt")) {
                    return 0;
                }
                if (host.equals(hosts.host(5))) { // encoded unasked, as a stored robots.txt.gz is served
                    byte[] gzipped = gzip("User-agent: *\nDisallow: /private/\n");
                    exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                    exchange.sendResponseHeaders(200, gzipped.length);
                    exchange.getResponseBody().write(gzipped);
                    return -1;
                }
                if (host.equals(hosts.host(1))) {
                    HostsServer.text(exchange, 200, "User-agent: *\nDisallow: /\n\nUser-agent: image-downloader\n"
                            + "Disallow: /private/\nAllow: /private/ok.jpg\n");
                    return -1;
                }
                return host.equals(hosts.host(2)) ? 404 : host.equals(hosts.host(3)) ? 503 : 429;
            });
            String[] urls = {hosts.url(1, "/private/a.jpg"), hosts.url(1, "/private/ok.jpg"), hosts.url(1, "/public/b.jpg"),
                hosts.url(1, "/%70rivate/c.jpg"), hosts.url(2, "/private/d.jpg"), hosts.url(3, "/e.jpg"), hosts.url(4, "/f.jpg"),
                hosts.url(5, "/private/g.jpg"), hosts.url(5, "/h.jpg")};
            try (TestApp robots = TestApp.start(elsewhere, Map.of("downloader.watch", "false",
                    "downloader.robots-txt", "true"))) {
                var report = robots.runList("robots", urls);

                assertThat(report).extracting(r -> r.get("outcome")).containsExactly(
                        "rejected", "downloaded", "downloaded", "rejected", "downloaded", "rejected", "rejected",
                        "rejected", "downloaded");
                assertThat(TestApp.row(report, 1)).containsEntry("error", "disallowed by robots.txt").containsEntry("attempts", "0");
                assertThat(TestApp.row(report, 6)).containsEntry("error", "robots.txt could not be had: nothing allowed");
                assertThat(TestApp.row(report, 7)).containsEntry("error", "robots.txt could not be had: nothing allowed");
                assertThat(hosts.arrivals(1)).extracting(HostsServer.Arrival::path)
                        .containsExactlyInAnyOrder("/robots.txt", "/private/ok.jpg", "/public/b.jpg");
                assertThat(hosts.arrivals(2)).extracting(HostsServer.Arrival::path)
                        .containsExactlyInAnyOrder("/robots.txt", "/private/d.jpg");
                assertThat(hosts.arrivals(3)).extracting(HostsServer.Arrival::path).containsExactly("/robots.txt");
                assertThat(hosts.arrivals(4)).extracting(HostsServer.Arrival::path).containsExactly("/robots.txt");
                assertThat(TestApp.row(report, 8)).containsEntry("error", "disallowed by robots.txt");
                assertThat(hosts.arrivals(5)).extracting(HostsServer.Arrival::path)
                        .containsExactlyInAnyOrder("/robots.txt", "/h.jpg");
            }
            hosts.reset();
            // Off, as by default: nobody is asked for robots.txt.
            var report = SERVED.app.runList("norobots", hosts.url(1, "/private/a.jpg"));
            assertThat(TestApp.row(report, 1)).containsEntry("outcome", "downloaded");
            assertThat(hosts.arrivals(1)).extracting(HostsServer.Arrival::path).containsExactly("/private/a.jpg");
        }
    }
}
