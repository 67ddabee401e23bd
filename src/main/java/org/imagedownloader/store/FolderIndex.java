package org.imagedownloader.store;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which URL owns which file in a list's folder, kept in an append-only journal beside the folder.
 * It makes re-runs skip what is already there, keeps names stable across runs, and stops two URLs
 * that want the same name from overwriting each other (or a file the user put there).
 * A claim is journalled before its file is linked into place, so a crash in between only leaves
 * a claim whose file is missing, which the next run simply fetches again under the same name.
 */
public final class FolderIndex implements Closeable {

    private static final String FOREIGN = "";

    private final Path folder;
    private final Path journalFile;
    /** Read without the lock by {@link #existingFile}; written only under it. */
    private final Map<String, String> nameOfUrl = new ConcurrentHashMap<>();
    /**
     * Guarded by this; a name whose file turned out not to be ours maps to {@link #FOREIGN}. In the
     * journal such a name is a line with no URL: a tab, then the name.
     */
    private final Map<String, String> urlOfName = new HashMap<>();
    private final BufferedWriter journal;

    public FolderIndex(Path folder, Path journalFile) throws IOException {
        this.folder = folder;
        this.journalFile = journalFile;
        String text = Files.exists(journalFile)
                ? new String(Files.readAllBytes(journalFile), StandardCharsets.UTF_8) : "";
        // Only newline-terminated lines count: a crash can tear the last one anywhere, even inside a
        // multi-byte character; its URL is simply fetched again.
        int end = text.lastIndexOf('\n') + 1;
        for (String line : text.substring(0, end).split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0 && tab < line.length() - 1) {
                remember(line.substring(0, tab), line.substring(tab + 1));
            } else if (tab == 0 && line.length() > 1) {
                foreign(line.substring(1));
            }
        }
        this.journal = Files.newBufferedWriter(journalFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (end < text.length()) {
            journal.write('\n'); // so the next claim does not continue the torn line
            journal.flush();
        }
    }

    private void remember(String url, String name) {
        String previous = nameOfUrl.put(url, name);
        if (previous != null) {
            urlOfName.remove(previous, url); // a name found to be foreign stays marked so
        }
        urlOfName.put(name, url);
    }

    /** A name whose file is not ours: no URL owns it, now or after a replay. */
    private void foreign(String name) {
        String owner = urlOfName.put(name, FOREIGN);
        if (owner != null) {
            nameOfUrl.remove(owner, name);
        }
    }

    /** The file this URL was saved to by an earlier run, if it is still there. */
    public Optional<String> existingFile(URI url) {
        String name = nameOfUrl.get(url.toString());
        return name != null && Files.isRegularFile(folder.resolve(name)) ? Optional.of(name) : Optional.empty();
    }

    /**
     * Reserves a file name for a URL: the one it had before, else the wanted name, else the first of
     * name-2, name-3, ... that no other URL owns and no file occupies. The folder is looked at outside
     * the lock, which every download thread passes through.
     */
    String claim(URI url, String wanted) {
        String key = url.toString();
        String name = wanted;
        for (int n = 2; ; n++) {
            String owned = nameOfUrl.get(key);
            if (owned != null) {
                return owned;
            }
            if (!Files.exists(folder.resolve(name))) {
                synchronized (this) {
                    owned = nameOfUrl.get(key);
                    if (owned != null) {
                        return owned;
                    }
                    if (!urlOfName.containsKey(name)) {
                        return journalled(key, name);
                    }
                }
            }
            name = FileNamer.numbered(wanted, n);
        }
    }

    /**
     * Gives a complete temporary file the URL's name in the folder, never replacing a file: a hard link
     * fails if the name exists (a rename would silently overwrite a file the user put there), and the
     * URL then moves on to the next free name. A file system provider without hard links gets a plain
     * move, which also refuses to replace (Linux vfat/exFAT refuse links with EPERM instead, a storage
     * error: not handled yet). The temporary file is gone afterwards.
     */
    String publish(URI url, String wanted, Path temp) {
        String name = claim(url, wanted);
        while (true) {
            Path target = folder.resolve(name);
            try {
                try {
                    Files.createLink(target, temp);
                    Files.delete(temp);
                } catch (UnsupportedOperationException e) {
                    Files.move(temp, target);
                }
                return name;
            } catch (FileAlreadyExistsException e) {
                name = occupied(url, name, wanted);
            } catch (IOException e) {
                throw new StorageException(target, e);
            }
        }
    }

    /**
     * The URL's name was taken by a file that is not ours after it was claimed: journalled as foreign
     * (a line with no URL) before the URL claims again, so a crash in between never replays the URL as
     * owning that file. The loop in {@link #claim} then moves past it.
     */
    private String occupied(URI url, String taken, String wanted) {
        synchronized (this) {
            foreign(taken);
            write('\t' + taken + '\n');
        }
        return claim(url, wanted);
    }

    private String journalled(String key, String name) {
        write(key + '\t' + name + '\n');
        remember(key, name);
        return name;
    }

    private void write(String line) {
        try {
            journal.write(line);
            journal.flush();
        } catch (IOException e) {
            throw new StorageException(journalFile, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        journal.close();
    }
}
