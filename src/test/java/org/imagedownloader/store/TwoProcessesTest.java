package org.imagedownloader.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real processes saving the same URLs into one folder at once, as two daemons given the same items
 * would: each URL ends with exactly one file holding its bytes, and the journal says so to a third reader.
 */
class TwoProcessesTest {

    static final int URLS = 300;

    @TempDir
    Path root;

    static String url(int i) {
        return "http://h" + (i % 5) + ".example/p/" + (i % 13) + ".jpg?v=" + i;
    }

    /** One writer process: saves every URL (its bytes are the URL's text) with 8 threads, as the saver does. */
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        // A live writer holds its node lock, or the other would take its temporary files for leftovers.
        NodeLock node = new NodeLock(folder.getParent());
        FolderStore store = new FolderStore(folder.getParent(), node.tag(), Duration.ofMinutes(1));
        store.start();
        ListStore list = store.list(folder.getFileName().toString());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> saved = new ArrayList<>();
        for (int i = 0; i < URLS; i++) {
            String u = url(i);
            saved.add(pool.submit(() -> FolderStoreTest.save(list, u, u.substring(u.indexOf("/p/") + 3, u.indexOf('?')), u,
                    false).name()));
        }
        for (Future<String> f : saved) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        store.stop();
        node.stop();
    }

    @Test
    void twoProcessesSavingTheSameUrlsLeaveOneFilePerUrl() throws Exception {
        Path folder = Files.createDirectories(root.resolve("cats"));
        List<Process> writers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            writers.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), TwoProcessesTest.class.getName(),
                    folder.toString()).inheritIO().start());
        }
        for (Process writer : writers) {
            assertThat(writer.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(writer.exitValue()).isZero();
        }

        Set<String> contents = new HashSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all = files.toList();
            assertThat(all).as("one file per URL, no temporary files").hasSize(URLS);
            for (Path f : all) {
                contents.add(Files.readString(f));
            }
        }
        assertThat(contents).hasSize(URLS);
        JournalLeases leases = new JournalLeases();
        leases.start();
        try (FolderIndex reader = new FolderIndex(folder, root.resolve(".cats.index.tsv"), leases)) {
            for (int i = 0; i < URLS; i++) {
                String u = url(i);
                assertThat(reader.existingFile(URI.create(u))).as(u)
                        .hasValueSatisfying(name -> assertThat(folder.resolve(name)).hasContent(u));
            }
        } finally {
            leases.stop();
        }
    }
}
