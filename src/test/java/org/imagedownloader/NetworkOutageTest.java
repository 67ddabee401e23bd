package org.imagedownloader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.imagedownloader.polite.Network;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the network goes away, the running lists wait for it instead of burning into failed rows. */
class NetworkOutageTest {

    @TempDir
    Path root;
    HostsServer hosts;
    LogLines log;

    @BeforeEach
    void start() throws Exception {
        hosts = new HostsServer(3);
        hosts.answer((host, path, exchange) -> {
            Thread.sleep(50);
            return 0;
        });
        log = LogLines.of(Network.class);
    }

    @AfterEach
    void stop() {
        log.close();
        hosts.close();
    }

    private TestApp app(String... settings) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(Map.of("downloader.watch", "false",
                "downloader.concurrency", "4"));
        for (int i = 0; i < settings.length; i += 2) {
            all.put(settings[i], settings[i + 1]);
        }
        return TestApp.start(root, all);
    }

    /** n URLs on each of the given hosts, interleaved host by host. */
    private List<String> onHosts(int n, int... on) {
        return Urls.interleaved(IntStream.of(on)
                .mapToObj(h -> Urls.numbered(hosts.url(h, "/h" + h + "/"), n, ".jpg")).toList());
    }

    private static CompletableFuture<List<Map<String, String>>> runAsync(TestApp app, String name, List<String> urls)
            throws Exception {
        Path list = app.root.resolve(name + ".txt");
        Files.writeString(list, Urls.text(urls), StandardCharsets.UTF_8);
        return CompletableFuture.supplyAsync(() -> {
            try {
                app.run(list);
                return app.report(name);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String get(int port, String path) throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    @Test
    void everyHostRefusingForLongerThanTheRetryBudgetIsWaitedForAndEveryUrlEndsDownloaded() throws Exception {
        int port = HttpViewTest.freePort();
        try (TestApp app = app("downloader.retries", "2", "downloader.http-enabled", "true",
                "downloader.http-port", Integer.toString(port))) {
            List<String> urls = onHosts(20, 1, 2, 3);
            var report = runAsync(app, "outage", urls);
            await().atMost(Duration.ofSeconds(30)).until(() -> hosts.arrivals(1).size() + hosts.arrivals(2).size()
                    + hosts.arrivals(3).size() >= 10);
            for (int h = 1; h <= 3; h++) {
                hosts.down(h);
            }
            // Far longer than the retry budget (3 attempts within about 0.35 s at the test's delays); the
            // operator's view shows the wait meanwhile.
            await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/observe/health/ready").startsWith("503"));
            assertThat(get(port, "/observe/health/ready")).contains("waiting for the network");
            assertThat(HttpViewTest.metric(get(port, "/observe/metrics"), "image_downloader_waiting_for_network")).isEqualTo(1);
            assertThat(get(port, "/observe/health/live")).startsWith("200");
            Thread.sleep(3_000);
            for (int h = 1; h <= 3; h++) {
                hosts.up(h);
            }

            var rows = report.get(60, TimeUnit.SECONDS);
            assertThat(HttpViewTest.metric(get(port, "/observe/metrics"), "image_downloader_waiting_for_network")).isZero();
            assertThat(rows).hasSize(60).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
            for (var r : rows) {
                int h = Integer.parseInt(r.get("url").substring("http://127.0.0.".length(), "http://127.0.0.".length() + 1));
                String path = r.get("url").substring(r.get("url").indexOf('/', "http://".length()));
                assertThat(app.folder("outage").resolve(r.get("file")))
                        .hasBinaryContent(Images.jpeg(2_000, (hosts.host(h) + path).hashCode()));
            }
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).startsWith("WARN The network looks gone"))
                    .anySatisfy(l -> assertThat(l).startsWith("INFO The network is back"))
                    .noneSatisfy(l -> assertThat(l).contains("[stack trace]"));
        }
    }

    @Test
    void oneHostOfThreeDownIsNoOutageItsUrlsFailAsTodayWhileTheOthersComplete() throws Exception {
        hosts.down(2);
        try (TestApp app = app("downloader.retries", "2")) {
            var rows = runAsync(app, "onedown", onHosts(5, 1, 2, 3)).get(60, TimeUnit.SECONDS);

            assertThat(rows).hasSize(15).allSatisfy(r -> {
                if (r.get("url").startsWith("http://127.0.0.2:")) {
                    assertThat(r.get("outcome")).isEqualTo("failed");
                    assertThat(r.get("attempts")).isEqualTo("3");
                    assertThat(r.get("error")).contains("refused");
                } else {
                    assertThat(r.get("outcome")).isEqualTo("downloaded");
                }
            });
            assertThat(log.lines()).noneSatisfy(l -> assertThat(l).contains("network looks gone"));
        }
    }

    @Test
    void anOutageLongerThanTheLongestWaitFailsTheWaitingItemsSayingSo() throws Exception {
        for (int h = 1; h <= 3; h++) {
            hosts.down(h);
        }
        try (TestApp app = app("downloader.retries", "2", "downloader.outage-max-wait", "3s")) {
            var rows = runAsync(app, "gone", onHosts(3, 1, 2, 3)).get(60, TimeUnit.SECONDS);

            assertThat(rows).hasSize(9).allSatisfy(r -> {
                assertThat(r.get("outcome")).isEqualTo("failed");
                assertThat(r.get("error")).isEqualTo("network unreachable for 3 s");
            });
            assertThat(log.lines()).anySatisfy(l -> assertThat(l).startsWith("WARN The network has been away for 3 s"));
        }
    }

    @Test
    void anUnknownHostAloneWhileTheOthersAnswerFailsAtOnce() throws Exception {
        try (TestApp app = app("downloader.concurrency", "2")) {
            List<String> urls = onHosts(4, 1);
            urls.add("http://no-such-host.invalid/x.jpg");
            var rows = runAsync(app, "unknown", urls).get(60, TimeUnit.SECONDS);

            assertThat(rows.subList(0, 4)).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
            assertThat(rows.get(4)).containsEntry("outcome", "failed").containsEntry("attempts", "1");
            assertThat(rows.get(4).get("error")).contains("UnknownHostException");
            assertThat(log.lines()).noneSatisfy(l -> assertThat(l).contains("network looks gone"));
        }
    }

    @Test
    void aDaemonStoppedWhileItWaitsForTheNetworkStopsAndItsListResumesAtTheNextStart() throws Exception {
        for (int h = 1; h <= 3; h++) {
            hosts.down(h);
        }
        List<String> urls = onHosts(4, 1, 2, 3);
        try (TestApp first = app("downloader.watch", "true", "downloader.retries", "2")) {
            first.drop("waiting.txt", Urls.text(urls));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> log.lines().stream().anyMatch(l -> l.startsWith("WARN The network looks gone")));
        } // stopped as usual, within its shutdown grace, while every item waits
        assertThat(root.resolve("inbox").resolve("waiting.txt")).exists();
        assertThat(root.resolve("downloads").resolve("waiting.report.csv")).doesNotExist();

        for (int h = 1; h <= 3; h++) {
            hosts.up(h);
        }
        try (TestApp second = app("downloader.watch", "true", "downloader.retries", "2")) {
            second.awaitArchived("waiting.txt");
            assertThat(second.report("waiting")).hasSize(12)
                    .allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
        }
    }
}
