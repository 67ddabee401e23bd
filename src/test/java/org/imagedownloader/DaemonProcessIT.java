package org.imagedownloader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a daemon, with its embedded routes and application.properties: a dropped list
 * ends as files and a report; SIGTERM and kill -9 in the middle of a list lose nothing.
 */
@Timeout(120) // most tests start two daemons one after the other, each a JVM of its own
class DaemonProcessIT {

    static RawHttpServer server;
    /** Only the speed-ups a test needs; everything else is the jar's own defaults. */
    static final Map<String, String> FAST = Map.of("downloader.poll-millis", "100", "downloader.settle-millis", "300");

    @BeforeAll
    static void start() throws Exception {
        server = new RawHttpServer((path, n, out) -> {
            if (path.startsWith("/slow/")) {
                Thread.sleep(150);
            }
            RawHttpServer.jpeg(out, image(path));
        });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static byte[] image(String path) {
        return Images.forPath(path, 30_000);
    }

    private static String list(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> server.url("/" + prefix + "/img" + i + ".jpg"))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** Drops a list once the daemon has made its inbox, which shows it has started. */
    private static void drop(Path work, String name, String content) throws Exception {
        Path inbox = work.resolve("inbox");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(inbox));
        Inbox.drop(inbox, name, content);
    }

    private static void assertComplete(Path work, String folder, String prefix, int n) throws Exception {
        Path dir = work.resolve("downloads").resolve(folder);
        for (int i = 0; i < n; i++) {
            assertThat(Files.readAllBytes(dir.resolve("img" + i + ".jpg")))
                    .isEqualTo(image("/" + prefix + "/img" + i + ".jpg"));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(n); // no temporary or extra files
        }
        var report = TestApp.Csv.read(work.resolve("downloads").resolve(folder + ".report.csv"));
        assertThat(report).hasSize(n)
                .allSatisfy(r -> assertThat(r.get("outcome")).isIn("downloaded", "skipped"));
    }

    @Test
    void theDaemonTurnsADroppedListIntoImagesAndStopsCleanlyOnSigterm(@TempDir Path work) throws Exception {
        try (JarProcess daemon = JarProcess.start(work, FAST)) {
            drop(work, "cats.txt", list("cats", 20));

            Inbox.awaitArchived(work.resolve("inbox"), "cats.txt");
            assertComplete(work, "cats", "cats", 20);

            daemon.process.destroy(); // SIGTERM
            daemon.waitFor(30);
            assertThat(daemon.output()).contains("cats.txt: started, 20 lines, 20 items")
                    .contains("cats.txt finished in").contains("20 downloaded");
        }
    }

    @Test
    void killDashNineInTheMiddleOfAListLosesNothing(@TempDir Path work) throws Exception {
        Map<String, String> props = new java.util.HashMap<>(FAST);
        props.put("downloader.concurrency", "4");
        try (JarProcess first = JarProcess.start(work, props)) {
            drop(work, "big.txt", list("slow", 60));
            Path folder = work.resolve("downloads/big");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.isDirectory(folder) && count(folder) >= 8);
            first.process.destroyForcibly(); // SIGKILL, mid-list
            first.process.waitFor();
        }
        assertThat(work.resolve("inbox/big.txt")).exists();
        assertThat(work.resolve("downloads/big.report.csv")).doesNotExist();

        try (JarProcess second = JarProcess.start(work, props)) {
            Inbox.awaitArchived(work.resolve("inbox"), "big.txt");
            assertComplete(work, "big", "slow", 60);
            var report = TestApp.Csv.read(work.resolve("downloads/big.report.csv"));
            assertThat(report).anyMatch(r -> r.get("outcome").equals("skipped"));
        }
    }

    @Test
    void killDashNineWithThreeListsOpenLosesNothingAndLeavesOneFilePerUrl(@TempDir Path work) throws Exception {
        Map<String, String> props = new java.util.HashMap<>(FAST);
        props.put("downloader.concurrency", "4");
        String[] lists = {"one", "two", "three"};
        try (JarProcess first = JarProcess.start(work, props)) {
            for (String name : lists) {
                drop(work, name + ".txt", list("slow/" + name, 40));
            }
            // All three open and under way: each has some images, none has its report.
            await().atMost(Duration.ofSeconds(60)).until(() -> Stream.of(lists).allMatch(name -> {
                Path folder = work.resolve("downloads").resolve(name);
                try {
                    return Files.isDirectory(folder) && count(folder) >= 2;
                } catch (Exception e) {
                    return false;
                }
            }));
            first.process.destroyForcibly(); // SIGKILL, mid-list
            first.process.waitFor();
        }
        for (String name : lists) {
            assertThat(work.resolve("inbox").resolve(name + ".txt")).exists();
            assertThat(work.resolve("downloads").resolve(name + ".report.csv")).doesNotExist();
        }

        try (JarProcess second = JarProcess.start(work, props)) {
            for (String name : lists) {
                Inbox.awaitArchived(work.resolve("inbox"), name + ".txt");
                assertComplete(work, name, "slow/" + name, 40);
                var report = TestApp.Csv.read(work.resolve("downloads").resolve(name + ".report.csv"));
                assertThat(report).anyMatch(r -> r.get("outcome").equals("skipped"));
            }
        }
        try (Stream<Path> leftovers = Files.walk(work.resolve("downloads"))) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void sigtermWithAShortGraceLeavesAnUnfinishedListToBeResumed(@TempDir Path work) throws Exception {
        Map<String, String> props = new java.util.HashMap<>(FAST);
        props.put("downloader.concurrency", "2");
        props.put("downloader.shutdown-grace-seconds", "1");
        try (JarProcess first = JarProcess.start(work, props)) {
            drop(work, "long.txt", list("slow", 80)); // 80 x 150 ms / 2 = 6 s: longer than the grace
            Path folder = work.resolve("downloads/long");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.isDirectory(folder) && count(folder) >= 4);
            long t0 = System.nanoTime();
            first.process.destroy();
            first.waitFor(20);
            assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
        }
        assertThat(work.resolve("inbox/long.txt")).exists();

        try (JarProcess second = JarProcess.start(work, props)) {
            Inbox.awaitArchived(work.resolve("inbox"), "long.txt");
            assertComplete(work, "long", "slow", 80);
        }
    }

    private static long count(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }
}
