package org.imagedownloader.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.imagedownloader.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a crash leaves behind is cleaned at start, and from a list folder this daemon works on as soon as
 * its writer is provably gone; nothing else is touched.
 */
class LeftoversTest {

    @TempDir
    Path root;

    @Test
    void ourTemporaryFilesAreRemovedAtStartAndNothingElse() throws Exception {
        Path folder = Files.createDirectories(root.resolve("downloads/cats"));
        Path partImage = Files.writeString(folder.resolve(".imgdl-1234.part"), "half an image");
        Path partReport = Files.writeString(root.resolve("downloads/.cats.report.csv.part"), "line,url");
        Path userHidden = Files.writeString(folder.resolve(".keep"), "mine");
        Path userPart = Files.writeString(folder.resolve("movie.part"), "mine too");
        Path image = Files.writeString(folder.resolve("cat.jpg"), "an image");

        try (TestApp app = TestApp.start(root, Map.of())) {
            assertThat(partImage).doesNotExist();
            assertThat(partReport).doesNotExist();
            assertThat(userHidden).exists();
            assertThat(userPart).exists();
            assertThat(image).exists();
            assertThat(app.inbox).isDirectory();
        }
    }

    /** A writer in a process of its own: takes its node lock, leaves a temporary file, says its tag and waits. */
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        NodeLock node = new NodeLock(folder.getParent());
        Files.writeString(folder.resolve(FolderStore.TEMP_PREFIX + node.tag() + "-1" + FolderStore.TEMP_SUFFIX), "half");
        System.out.println(node.tag());
        System.out.flush();
        System.in.read();
    }

    /** A temporary file as the writer of the tag names it. */
    private static Path part(Path folder, String tag) throws Exception {
        return Files.writeString(folder.resolve(FolderStore.TEMP_PREFIX + tag + "-7" + FolderStore.TEMP_SUFFIX), "half");
    }

    /** A writer that died: its lock file is there, and nobody holds it. */
    private static String goneWriter(Path output) throws Exception {
        Files.createDirectories(output.resolve(NodeLock.DIR));
        Files.writeString(output.resolve(NodeLock.DIR).resolve("dead-1.lock"), "");
        return "dead-1";
    }

    @Test
    void aGoneWritersTemporaryFilesLeaveAFolderOnceAListWorksOnItAndOnlyThey() throws Exception {
        Path output = root.resolve("downloads");
        Path folder = Files.createDirectories(output.resolve("cats"));
        NodeLock live = new NodeLock(output);
        Path gonePart = part(folder, goneWriter(output));
        Path livePart = part(folder, live.tag());
        Path ownPart = part(folder, "own");
        Path userFile = Files.writeString(folder.resolve("movie.part"), "mine");
        FolderStore store = new FolderStore(output, "own", Duration.ofMinutes(1), Duration.ofMillis(200));
        store.start();
        try {
            store.list("cats").existing(URI.create("http://a.example/x.jpg"));

            await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(gonePart));
            assertThat(livePart).exists();
            assertThat(ownPart).exists();
            assertThat(userFile).exists();
        } finally {
            store.stop();
            live.stop();
        }
    }

    @Test
    void aWriterKilledWhileTheListRunsLosesItsTemporaryFilesWithoutARestart() throws Exception {
        Path output = root.resolve("downloads");
        Path folder = Files.createDirectories(output.resolve("cats"));
        FolderStore store = new FolderStore(output, "own", Duration.ofMinutes(1), Duration.ofMillis(200));
        store.start();
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LeftoversTest.class.getName(), folder.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            store.list("cats").existing(URI.create("http://a.example/x.jpg"));
            String tag = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8)).readLine();
            Path writerPart = folder.resolve(FolderStore.TEMP_PREFIX + tag + "-1" + FolderStore.TEMP_SUFFIX);
            Path gonePart = part(folder, goneWriter(output));

            await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(gonePart));
            assertThat(writerPart).as("the writer is alive").exists();

            writer.destroyForcibly().waitFor();
            await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(writerPart));
        } finally {
            writer.destroyForcibly();
            store.stop();
        }
    }
}
