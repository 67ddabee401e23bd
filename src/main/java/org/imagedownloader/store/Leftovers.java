package org.imagedownloader.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the temporary image files of writers that are provably gone (see {@link NodeLock}), recognisable
 * by name; those of writers still running, here or on another machine, are left alone. Nothing else is
 * ever deleted.
 */
public final class Leftovers {

    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    private Leftovers() {
    }

    /** Cleans every list folder under the output, and forgets the lock files of gone writers; run at start. */
    public static int clean(Path output) throws IOException {
        int removed = 0;
        Map<String, Boolean> gone = new HashMap<>();
        for (Path dir : entries(output)) {
            if (Files.isDirectory(dir) && !dir.getFileName().toString().equals(NodeLock.DIR)) {
                removed += clean(output, dir, gone);
            }
        }
        for (Path p : entries(output.resolve(NodeLock.DIR))) {
            String name = p.getFileName().toString();
            if (name.endsWith(".lock")) {
                isGone(gone, output, name.substring(0, name.length() - ".lock".length()));
            }
        }
        if (removed > 0) {
            LOG.info("Removed {} temporary file(s) left by an earlier run under {}", removed, output);
        }
        return removed;
    }

    /**
     * Cleans one list folder while this process works on it, so a writer that died does not leave its
     * files there until some daemon starts again. The files of {@code self}, the caller's own tag, are
     * kept whatever its lock says: a store always counts itself alive.
     */
    static int cleanFolder(Path output, Path folder, String self) throws IOException {
        Map<String, Boolean> gone = new HashMap<>();
        gone.put(self, false);
        int removed = clean(output, folder, gone);
        if (removed > 0) {
            LOG.info("Removed {} temporary file(s) of writers that are gone from {}", removed, folder);
        }
        return removed;
    }

    private static int clean(Path output, Path folder, Map<String, Boolean> gone) throws IOException {
        int removed = 0;
        // Other writers create and delete temporary files all the time: a file that vanishes while we look
        // is simply not a leftover.
        for (Path p : entries(folder)) {
            String tag = FolderStore.tagOf(p.getFileName().toString());
            if (tag != null && isGone(gone, output, tag) && Files.deleteIfExists(p)) {
                removed++;
            }
        }
        return removed;
    }

    private static List<Path> entries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    private static boolean isGone(Map<String, Boolean> known, Path output, String tag) throws IOException {
        Boolean gone = known.get(tag);
        if (gone == null) {
            gone = NodeLock.isGone(output, tag);
            known.put(tag, gone);
        }
        return gone;
    }
}
