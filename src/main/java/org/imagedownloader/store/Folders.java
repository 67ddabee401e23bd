package org.imagedownloader.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The per-URL side's way into the output folder: a list's folder by the name an item message gives, its
 * index, and names for temporary files. It knows nothing of lists being run, so the per-URL work can run
 * in any process that sees the output folder.
 */
public final class Folders extends ServiceSupport {

    /** Leftovers of these names carry their writer's tag, which is what makes cleaning them safe. */
    static final String TEMP_PREFIX = ".imgdl-";
    static final String TEMP_SUFFIX = ".part";

    /** Indexes kept open: more than the lists open at once, few enough that finished lists' maps go. */
    private static final int OPEN_INDEXES = 32;

    private final Path output;
    private final String tag;
    private final AtomicLong tempFiles = new AtomicLong();
    private final Map<String, FolderIndex> indexes = new LinkedHashMap<>(16, 0.75f, true);

    public Folders(Path output, String tag) {
        this.output = output;
        this.tag = tag;
    }

    /** The folder of a list, named by an item message: one safe name directly under the output folder. */
    public Path folder(String name) {
        if (name == null || name.isEmpty() || !FileNamer.safe(name).equals(name)) {
            throw new IllegalArgumentException("not a list folder name: " + name);
        }
        return output.resolve(name);
    }

    /** The index of a list's folder; the folder is made if missing. */
    public FolderIndex index(String name) {
        Path folder = folder(name);
        synchronized (indexes) {
            FolderIndex index = indexes.get(name);
            if (index != null) {
                return index;
            }
            try {
                Files.createDirectories(folder);
                index = new FolderIndex(folder, output.resolve("." + name + ".index.tsv"));
            } catch (IOException e) {
                throw new StorageException(folder, e);
            }
            indexes.put(name, index);
            if (indexes.size() > OPEN_INDEXES) {
                var eldest = indexes.entrySet().iterator();
                closeQuietly(eldest.next().getValue());
                eldest.remove();
            }
            return index;
        }
    }

    /** A temporary file name no other writer uses: this writer's tag and a counter. */
    public Path tempFile(Path folder) {
        return folder.resolve(TEMP_PREFIX + tag + "-" + tempFiles.incrementAndGet() + TEMP_SUFFIX);
    }

    /** The writer tag in one of our temporary file names, or null if the name is not one of ours. */
    static String tagOf(String tempName) {
        if (!tempName.startsWith(TEMP_PREFIX) || !tempName.endsWith(TEMP_SUFFIX)) {
            return null;
        }
        String middle = tempName.substring(TEMP_PREFIX.length(), tempName.length() - TEMP_SUFFIX.length());
        int dash = middle.lastIndexOf('-');
        return dash > 0 ? middle.substring(0, dash) : "";
    }

    private static void closeQuietly(FolderIndex index) {
        try {
            index.close();
        } catch (IOException e) {
            throw new StorageException(Path.of("."), e);
        }
    }

    @Override
    protected void doStop() throws IOException {
        synchronized (indexes) {
            for (FolderIndex index : indexes.values()) {
                index.close();
            }
            indexes.clear();
        }
    }
}
