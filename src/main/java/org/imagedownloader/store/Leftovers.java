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

    public static int clean(Path output) throws IOException {
        int removed = 0;
        Map<String, Boolean> gone = new HashMap<>();
        // Other writers create and delete temporary files all the time: a file that vanishes while we look
        // is simply not a leftover.
        for (Path dir : entries(output)) {
            if (!Files.isDirectory(dir) || dir.getFileName().toString().equals(NodeLock.DIR)) {
                continue;
            }
            for (Path p : entries(dir)) {
                String tag = FolderStore.tagOf(p.getFileName().toString());
                if (tag != null && isGone(gone, output, tag) && Files.deleteIfExists(p)) {
                    removed++;
                }
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
