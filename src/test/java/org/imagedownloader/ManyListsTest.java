package org.imagedownloader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A daemon that runs for months: whatever a list held is let go once the list is over. */
class ManyListsTest {

    @RegisterExtension
    static final ServedApp SERVED = new ServedApp(Map.of("downloader.index-idle-seconds", "1"));

    /** This process's open files on the folder index journals under the output folder (Linux). */
    private static long openJournals() throws IOException {
        String output = SERVED.app.output.toAbsolutePath().toString();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    return target.startsWith(output) && target.endsWith(".index.tsv");
                } catch (IOException e) {
                    return false; // closed while we looked
                }
            }).count();
        }
    }

    private static void runLists(int from, int to) throws Exception {
        for (int list = from; list < to; list++) {
            var report = SERVED.app.runList("list" + list, SERVED.server.url("/img/" + list + "/a.png"),
                    SERVED.server.url("/img/" + list + "/b.png"), SERVED.server.url("/img/" + list + "/c.png"));
            assertThat(report).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
        }
    }

    @Test
    void finishedListsLeaveNoFolderIndexOpenAndNoThreadBehind() throws Exception {
        SERVED.server.serveUnder("/img/", "image/png", Images.png(1_000, 7));
        runLists(0, 10);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(openJournals()).isZero());
        int threadsAfterTen = ManagementFactory.getThreadMXBean().getThreadCount();

        runLists(10, 40);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(openJournals()).isZero());
        // Pools may still settle by a thread or two; one thread per list would be thirty.
        assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(threadsAfterTen + 3);

        // A list run again after its index was let go still knows what it saved.
        var again = SERVED.app.runList("list0", SERVED.server.url("/img/0/a.png"));
        assertThat(TestApp.row(again, 1)).containsEntry("outcome", "skipped").containsEntry("file", "a.png");
    }
}
