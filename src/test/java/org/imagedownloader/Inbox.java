package org.imagedownloader;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * Dropping lists into a watched inbox and waiting for where they end, for the in-process app
 * ({@link TestApp}) and the packaged jar alike: only the inbox's path is needed.
 */
final class Inbox {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(50);

    private Inbox() {
    }

    /** Puts a list into the inbox the way a careful writer does: written aside, then renamed in. */
    static Path drop(Path inbox, String name, String content) throws IOException {
        return drop(inbox, name, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Like {@link #drop(Path, String, String)} with raw bytes. Written beside the inbox, on the same file
     * system, under a short name of its own, so a list named near the 255-byte limit can be dropped too.
     */
    static Path drop(Path inbox, String name, byte[] content) throws IOException {
        Files.createDirectories(inbox);
        Path temp = Files.createTempFile(inbox.toAbsolutePath().getParent(), ".drop", ".writing");
        Files.write(temp, content);
        return Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Waits until the list has been archived, i.e. every item has an outcome and the report is out. */
    static void awaitArchived(Path inbox, String name) {
        Path done = inbox.resolve(".done").resolve(name);
        await().atMost(PATIENCE).pollInterval(POLL).alias(name + " archived in .done")
                .until(() -> Files.exists(done, LinkOption.NOFOLLOW_LINKS));
    }

    /**
     * Waits until the list has been moved to .error with the note saying why beside it (the note is
     * written just before the move).
     */
    static void awaitInError(Path inbox, String name) {
        Path error = inbox.resolve(".error");
        await().atMost(PATIENCE).pollInterval(POLL).alias(name + " moved to .error")
                .until(() -> Files.exists(error.resolve(name + ".error.txt"))
                        && Files.exists(error.resolve(name), LinkOption.NOFOLLOW_LINKS)
                        && !Files.exists(inbox.resolve(name), LinkOption.NOFOLLOW_LINKS));
    }
}
