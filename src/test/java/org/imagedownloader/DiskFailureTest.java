package org.imagedownloader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our own disk failing: a clear error naming the path, no partial file, the list not done, the daemon alive. */
class DiskFailureTest {

    @TempDir
    Path root;
    ImageServer server;
    TestApp app;

    @BeforeEach
    void start() throws Exception {
        server = ImageServer.start().serveUnder("/img/", "image/png", Images.png(3_000, 5));
        app = TestApp.start(root, Map.of());
    }

    @AfterEach
    void stop() {
        app.close();
        server.close();
    }

    @Test
    void aFolderThatCannotBeCreatedSendsTheListToErrorAndTheDaemonGoesOn() throws Exception {
        Files.writeString(app.output.resolve("blocked"), "a file where the folder should be");

        app.drop("blocked.txt", server.url("/img/a.png") + "\n");
        app.drop("fine.txt", server.url("/img/b.png") + "\n");

        app.awaitArchived("fine.txt");
        app.awaitInError("blocked.txt");
        assertThat(app.inbox.resolve(".error/blocked.txt.error.txt")).content()
                .contains("cannot write to").contains(app.output.resolve("blocked").toString());
        assertThat(app.folder("fine").resolve("b.png")).exists();
    }

    @Test
    void imagesThatCannotBeWrittenFailNamingThePathAndKeepTheListFromBeingDone() throws Exception {
        Path folder = Files.createDirectories(app.output.resolve("frozen"));
        // chattr +i stops even root from creating files; without it this case cannot be staged here.
        assumeTrue(new ProcessBuilder("chattr", "+i", folder.toString()).start().waitFor() == 0, "chattr +i unavailable");
        try {
            app.drop("frozen.txt", server.url("/img/c.png") + "\n" + server.url("/img/d.png") + "\n");

            app.awaitInError("frozen.txt");

            var report = app.report("frozen");
            assertThat(report).hasSize(2).allSatisfy(r -> {
                assertThat(r.get("outcome")).isEqualTo("failed");
                assertThat(r.get("attempts")).isEqualTo("1");
                assertThat(r.get("error")).startsWith("cannot write " + folder);
            });
            assertThat(app.inbox.resolve(".error/frozen.txt.error.txt")).content().contains("images or the report could not be saved");
            assertThat(app.inbox.resolve(".done/frozen.txt")).doesNotExist();
        } finally {
            new ProcessBuilder("chattr", "-i", folder.toString()).start().waitFor();
        }
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).isEmpty();
        }
        // Fixed and dropped again, the list completes.
        Files.move(app.inbox.resolve(".error/frozen.txt"), app.inbox.resolve("frozen.txt"));
        app.awaitArchived("frozen.txt");
        assertThat(app.report("frozen")).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
    }

    @Test
    void aDiskThatFillsUpMidFileLeavesNoPartialFile() throws Exception {
        Path folder = Files.createDirectories(app.output.resolve("tiny"));
        // A 1 MB filesystem under the list's folder; mounting needs root, as on the CI machines.
        assumeTrue(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", folder.toString())
                .start().waitFor() == 0, "cannot mount a small tmpfs here");
        try {
            server.serve("/big/huge.jpg", "image/jpeg", Images.jpeg(3_000_000, 9));
            app.drop("tiny.txt", server.url("/img/small.png") + "\n" + server.url("/big/huge.jpg") + "\n");

            app.awaitInError("tiny.txt");

            var report = app.report("tiny");
            assertThat(report.get(0)).containsEntry("outcome", "downloaded");
            assertThat(report.get(1)).containsEntry("outcome", "failed");
            assertThat(report.get(1).get("error")).startsWith("cannot write " + folder).contains("No space left");
            // Our own disk is not the server's fault: one attempt, no backoff (the test app allows 2 retries).
            assertThat(report.get(1)).containsEntry("attempts", "1");
            try (Stream<Path> files = Files.list(folder)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("small.png");
            }
        } finally {
            new ProcessBuilder("umount", folder.toString()).start().waitFor();
        }
    }

    @Test
    void aReportThatCannotBePublishedSendsTheListToErrorOnce() throws Exception {
        Files.createDirectories(app.output.resolve("clash.report.csv").resolve("in-the-way"));

        app.drop("clash.txt", server.url("/img/e.png") + "\n");

        app.awaitInError("clash.txt");
        assertThat(app.inbox.resolve(".error/clash.txt.error.txt")).content()
                .contains("cannot write " + app.output.resolve("clash.report.csv"));
        assertThat(app.folder("clash").resolve("e.png")).exists();
        assertThat(app.inbox.resolve("clash.txt")).doesNotExist();
    }
}
