package org.imagedownloader.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output as a POSIX folder (local or NFS) of list folders, each with its index journal beside it: a
 * list's folder by the name an item message gives, its index, and names for temporary files. It owns the
 * leases on the journals' locks, which start and stop with it.
 */
public final class FolderStore extends ServiceSupport implements Store {

    /** Leftovers of these names carry their writer's tag, which is what makes cleaning them safe. */
    static final String TEMP_PREFIX = ".imgdl-";
    static final String TEMP_SUFFIX = ".part";

    /** Indexes kept in memory: more than the lists open at once, few enough that finished lists' maps go. */
    private static final int OPEN_INDEXES = 32;

    private static final Logger LOG = LoggerFactory.getLogger(FolderStore.class);

    private final Path output;
    private final String tag;
    private final JournalLeases leases = new JournalLeases();
    private final AtomicLong tempFiles = new AtomicLong();
    /** Folder names already found safe, which every item names again. */
    private final Map<String, Path> checked = new ConcurrentHashMap<>();
    /**
     * One index per folder for the life of the process, never a second: two channels on one journal in one
     * process would release each other's lock when either closes. Guarded by itself.
     */
    private final Map<String, FolderIndex> indexes = new HashMap<>();
    /** The indexes holding their maps, least recently used first. Guarded by {@link #indexes}. */
    private final LinkedHashMap<String, FolderIndex> loaded = new LinkedHashMap<>(16, 0.75f, true);

    public FolderStore(Path output, String tag) {
        this.output = output;
        this.tag = tag;
    }

    @Override
    public ListStore list(String name) {
        return new ListFolder(this, folder(name), index(name));
    }

    /** The folder of a list, named by an item message: one safe name directly under the output folder. */
    Path folder(String name) {
        Path folder = name == null ? null : checked.get(name);
        if (folder != null) {
            return folder;
        }
        if (name == null || name.isEmpty() || !FileNamer.safe(name).equals(name)) {
            throw new IllegalArgumentException("not a list folder name: " + name);
        }
        folder = output.resolve(name);
        checked.put(name, folder);
        return folder;
    }

    /** The index of a list's folder; the folder is made if missing. */
    FolderIndex index(String name) {
        Path folder = folder(name);
        FolderIndex index;
        FolderIndex unload = null;
        synchronized (indexes) {
            index = indexes.get(name);
            if (index == null) {
                try {
                    Files.createDirectories(folder);
                    index = new FolderIndex(folder, output.resolve("." + name + ".index.tsv"), leases);
                } catch (IOException e) {
                    throw new StorageException(folder, e);
                }
                indexes.put(name, index);
            }
            loaded.put(name, index);
            if (loaded.size() > OPEN_INDEXES) {
                var eldest = loaded.entrySet().iterator();
                unload = eldest.next().getValue();
                eldest.remove();
            }
        }
        if (unload != null) {
            unload(unload); // outside the lock: it waits for that index's own work to finish
        }
        return index;
    }

    /** A temporary file name no other writer uses: this writer's tag and a counter. */
    Path tempFile(Path folder) {
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

    /** Lets an index drop its maps and file; it reads the journal again when next used. */
    private static void unload(FolderIndex index) {
        try {
            index.close();
        } catch (IOException e) {
            // Its maps are gone all the same; the next use reopens the journal and says if it is still wrong.
            LOG.warn("Closing a folder index: {}", e.getMessage());
        }
    }

    @Override
    protected void doStart() {
        leases.start();
    }

    @Override
    protected void doStop() throws IOException {
        synchronized (indexes) {
            // The indexes stay: a download still finishing reopens its own, never a second one.
            for (FolderIndex index : indexes.values()) {
                index.close();
            }
            loaded.clear();
        }
        leases.stop();
    }
}
