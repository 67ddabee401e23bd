package org.imagedownloader.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
        try (Stream<Path> files = Files.walk(output, 2)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String tag = Folders.tagOf(p.getFileName().toString());
                if (tag != null && Files.isRegularFile(p) && isGone(gone, output, tag)) {
                    Files.delete(p);
                    removed++;
                }
            }
        }
        Path nodes = output.resolve(NodeLock.DIR);
        if (Files.isDirectory(nodes)) {
            try (Stream<Path> locks = Files.list(nodes)) {
                for (Path p : (Iterable<Path>) locks::iterator) {
                    String name = p.getFileName().toString();
                    if (name.endsWith(".lock")) {
                        isGone(gone, output, name.substring(0, name.length() - ".lock".length()));
                    }
                }
            }
        }
        if (removed > 0) {
            LOG.info("Removed {} temporary file(s) left by an earlier run under {}", removed, output);
        }
        return removed;
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
