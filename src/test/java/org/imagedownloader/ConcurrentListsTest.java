package org.imagedownloader;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many lists at once: none waits behind another, the download slots are shared fairly, and all complete. */
class ConcurrentListsTest {

    @TempDir
    Path root;
    ImageServer server;

    @BeforeEach
    void start() {
        server = ImageServer.start().serveUnder("/fast/", "image/png", Images.png(2_000, 2));
        server.stubFor(get(urlPathMatching("/slow/.*")).willReturn(aResponse().withStatus(200).withFixedDelay(200)
                .withHeader("Content-Type", "image/png").withBody(Images.png(2_000, 1))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static void assertComplete(TestApp app, String name, int n, byte[] image) throws Exception {
        assertThat(app.report(name)).hasSize(n).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
        try (Stream<Path> files = Files.list(app.folder(name))) {
            assertThat(files).hasSize(n).allSatisfy(f -> assertThat(f).hasBinaryContent(image));
        }
    }

    @Test
    void aShortListDroppedWhileALongOneRunsFinishesWithinSecondsAndBothComplete() throws Exception {
        // One download slot: without fair turns the short list would queue behind all 40 slow items (8 s).
        try (TestApp app = TestApp.start(root, Map.of("downloader.concurrency", "1"))) {
            app.drop("long.txt", Urls.list(server.url("/slow/"), 40, ".png"));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(app.folder("long"))
                    && count(app.folder("long")) >= 2);
            Instant dropped = Instant.now();
            app.drop("short.txt", Urls.list(server.url("/fast/"), 5, ".png"));

            app.awaitArchived("short.txt");
            assertThat(Duration.between(dropped, Instant.now())).isLessThan(Duration.ofSeconds(5));
            assertThat(app.output.resolve("long.report.csv")).as("the long list is still running").doesNotExist();

            app.awaitArchived("long.txt");
            assertComplete(app, "short", 5, Images.png(2_000, 2));
            assertComplete(app, "long", 40, Images.png(2_000, 1));
        }
    }

    @Test
    void listsBeyondTheOpenLimitWaitInTheInboxAndAreTakenInTheOrderTheyArrived() throws Exception {
        try (TestApp app = TestApp.start(root, Map.of("downloader.max-open-lists", "1",
                "downloader.poll-millis", "50"))) {
            Instant t = Instant.now().minusSeconds(60);
            for (String name : new String[] {"c", "a", "b"}) {
                // Arrival order is the file's time, not its name.
                Path list = app.drop(name + ".txt", Urls.list(server.url("/fast/" + name + "/"), 3, ".png"));
                Files.setLastModifiedTime(list, FileTime.from(t));
                t = t.plusSeconds(1);
            }
            for (String name : new String[] {"c", "a", "b"}) {
                app.awaitArchived(name + ".txt");
            }
            FileTime c = Files.getLastModifiedTime(app.output.resolve("c.report.csv"));
            FileTime a = Files.getLastModifiedTime(app.output.resolve("a.report.csv"));
            FileTime b = Files.getLastModifiedTime(app.output.resolve("b.report.csv"));
            assertThat(c).isLessThanOrEqualTo(a);
            assertThat(a).isLessThanOrEqualTo(b);
            for (String name : new String[] {"c", "a", "b"}) {
                assertComplete(app, name, 3, Images.png(2_000, 2));
            }
        }
    }

    @Test
    void manyListsAtOnceAllCompleteWithOneFilePerUrl() throws Exception {
        try (TestApp app = TestApp.start(root, Map.of("downloader.concurrency", "4", "downloader.queue-size", "3"))) {
            for (int l = 0; l < 10; l++) {
                app.drop("l" + l + ".txt", Urls.list(server.url("/fast/l" + l + "/"), 20, ".png"));
            }
            for (int l = 0; l < 10; l++) {
                app.awaitArchived("l" + l + ".txt");
                assertComplete(app, "l" + l, 20, Images.png(2_000, 2));
            }
        }
    }

    @Test
    void repeatedLinesFarBehindASlowUrlWaitForItAndTheListCompletesInLineOrder() throws Exception {
        // queue-size 2: the reader may be at most 128 lines past the slow first URL before it waits.
        try (TestApp app = TestApp.start(root, Map.of("downloader.queue-size", "2"))) {
            StringBuilder list = new StringBuilder(server.baseUrl()).append("/slow/first.png\n");
            String repeated = server.baseUrl() + "/fast/again.png\n";
            for (int i = 0; i < 1_000; i++) {
                list.append(repeated).append(i % 3 == 0 ? "not a url\n" : "");
            }
            app.drop("window.txt", list.toString());
            app.awaitArchived("window.txt");
            var report = app.report("window");
            assertThat(report).hasSize(1_335);
            assertThat(report.get(0)).containsEntry("outcome", "downloaded");
            assertThat(report.get(1)).containsEntry("outcome", "downloaded");
            assertThat(report.subList(2, report.size())).extracting(r -> r.get("outcome"))
                    .containsOnly("duplicate", "invalid");
            assertThat(report).extracting(r -> Integer.parseInt(r.get("line"))).isSorted();
        }
    }

    private static long count(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }
}
