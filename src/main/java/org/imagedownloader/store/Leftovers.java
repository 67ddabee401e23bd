package org.imagedownloader.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what a crash left behind: our own temporary image and report files, recognisable by name.
 * Nothing else is ever deleted.
 */
public final class Leftovers {

    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

    private Leftovers() {
    }

    public static int clean(Path output) throws IOException {
        int removed = 0;
        try (Stream<Path> files = Files.walk(output, 2)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                boolean ours = name.startsWith(ImageSaver.TEMP_PREFIX) && name.endsWith(ImageSaver.TEMP_SUFFIX)
                        || name.startsWith(".") && name.endsWith(".report.csv.part");
                if (ours && Files.isRegularFile(p)) {
                    Files.delete(p);
                    removed++;
                }
            }
        }
        if (removed > 0) {
            LOG.info("Removed {} temporary file(s) left by an earlier run under {}", removed, output);
        }
        return removed;
    }
}
