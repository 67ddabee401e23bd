package org.imagedownloader.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output as a POSIX folder (local or NFS) of list folders, each with its index journal beside it. A
 * folder's index is open while its list's items use it and let go once idle, so a daemon holds files and
 * memory only for the lists it is working on. It owns the leases on the journals' locks, which start and
 * stop with it, and keeps the folders it works on clear of the temporary files of writers that are gone.
 */
public final class FolderStore extends ServiceSupport implements Store {

    /** Leftovers of these names carry their writer's tag, which is what makes cleaning them safe. */
    static final String TEMP_PREFIX = ".imgdl-";
    static final String TEMP_SUFFIX = ".part";

    /**
     * How often an open folder is looked at again for the temporary files of writers that died meanwhile:
     * each look lists the whole folder, so it is a matter of tens of seconds, not of every sweep; a dead
     * writer's files only take disk space and may wait that long.
     */
    static final Duration RESCAN = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(FolderStore.class);

    private final Path output;
    private final String tag;
    /**
     * How long an index nobody uses stays open: a list whose items keep coming keeps it, one whose items
     * wait longer (for a host or the network) reads its journal again, a finished one lets it go.
     */
    private final long idleNanos;
    private final long rescanNanos;
    private final JournalLeases leases = new JournalLeases();
    /**
     * Closes idle indexes and cleans the open folders of gone writers' temporary files; a thread of its
     * own, so a slow close never delays a lease given back, and no item ever waits for a folder listing.
     */
    private ScheduledExecutorService sweeper;
    private final AtomicLong tempFiles = new AtomicLong();
    /**
     * The open indexes by folder name, never two of one folder: two channels on one journal in one process
     * would release each other's lock when either closes. Read freely, changed under its own monitor.
     */
    private final Map<String, Open> open = new ConcurrentHashMap<>();
    /** Guarded by {@link #open}: once stopped, nothing sweeps, so an index closes as soon as nobody uses it. */
    private boolean stopped;

    /**
     * A folder's index and how many operations are using it (guarded by {@link #open}). The index is read
     * from its journal by the first user, under this entry's own monitor: a long journal keeps only that
     * folder's users waiting, never the other folders' nor the sweeper.
     */
    private static final class Open {
        private FolderIndex index;
        int users;
        long idleSince;
        /** When the sweeper last cleaned the folder of gone writers' files; null until it first has. */
        Long cleanedAt;

        synchronized FolderIndex index(Path folder, Path journal, JournalLeases leases) {
            if (index == null) {
                try {
                    Files.createDirectories(folder);
                    index = new FolderIndex(folder, journal, leases);
                } catch (IOException e) {
                    throw new StorageException(folder, e);
                }
            }
            return index;
        }

        /** Under {@link #open}, with no user left: nobody is reading the journal. */
        void close(String name) {
            if (index == null) {
                return;
            }
            try {
                index.close();
            } catch (IOException e) {
                // Forgotten all the same; the next use opens the journal again and says if it is still wrong.
                LOG.warn("Closing the folder index of {}: {}", name, e.getMessage());
            }
        }
    }

    /** @param idle how long the index of a folder that no item uses stays open */
    public FolderStore(Path output, String tag, Duration idle) {
        this(output, tag, idle, RESCAN);
    }

    /** @param rescan how often an open folder is cleaned again of the temporary files of gone writers */
    FolderStore(Path output, String tag, Duration idle, Duration rescan) {
        this.output = output;
        this.tag = tag;
        this.idleNanos = idle.toNanos();
        this.rescanNanos = rescan.toNanos();
    }

    @Override
    public ListStore list(String name) {
        return new ListFolder(this, name, folder(name));
    }

    /** The folder of a list, named by an item message: one safe name directly under the output folder. */
    Path folder(String name) {
        if (name == null || !open.containsKey(name) && (name.isEmpty() || !FileNamer.safe(name).equals(name))) {
            throw new IllegalArgumentException("not a list folder name: " + name);
        }
        return output.resolve(name);
    }

    /** Does the work with the folder's index, opened (and the folder made) if it is not open. */
    <T> T withIndex(String name, Function<FolderIndex, T> work) {
        Open use;
        synchronized (open) {
            use = open.computeIfAbsent(name, n -> new Open());
            use.users++;
        }
        try {
            return work.apply(use.index(output.resolve(name), output.resolve("." + name + ".index.tsv"), leases));
        } finally {
            release(name, use);
        }
    }

    private void release(String name, Open use) {
        synchronized (open) {
            use.idleSince = System.nanoTime();
            if (--use.users == 0 && stopped) {
                close(name, use);
            }
        }
    }

    /** Closes the indexes nobody has used for a while (all unused ones when stopping). */
    private void closeIdle(long idleNanos) {
        try {
            closeIdleNow(idleNanos);
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: say so, and keep sweeping.
            LOG.warn("Closing idle folder indexes: {}", e.toString());
        }
    }

    private void closeIdleNow(long idleNanos) {
        long now = System.nanoTime();
        synchronized (open) {
            List<String> idle = new ArrayList<>();
            open.forEach((name, use) -> {
                if (use.users == 0 && now - use.idleSince >= idleNanos) {
                    idle.add(name);
                }
            });
            for (String name : idle) {
                close(name, open.get(name));
            }
        }
    }

    /**
     * Removes from the open folders the temporary files of writers that are gone: at the first sweep after
     * a folder's index opens (a list starts or resumes here), then every {@link #rescanNanos}, so a writer
     * that dies mid-list does not leave them until a restart. The folders are listed outside {@link #open}.
     */
    private void cleanLeftovers() {
        long now = System.nanoTime();
        List<String> due = new ArrayList<>();
        synchronized (open) {
            open.forEach((name, use) -> {
                if (use.cleanedAt == null || now - use.cleanedAt >= rescanNanos) {
                    use.cleanedAt = now;
                    due.add(name);
                }
            });
        }
        for (String name : due) {
            try {
                Leftovers.cleanFolder(output, output.resolve(name), tag);
            } catch (IOException | RuntimeException e) {
                // Tried again at the next rescan; the other folders are cleaned all the same.
                LOG.warn("Removing the temporary files of gone writers from {}: {}", name, e.toString());
            }
        }
    }

    /** Under {@link #open}, so no second index of the folder opens before this one's channel is closed. */
    private void close(String name, Open use) {
        open.remove(name);
        use.close(name);
    }

    /** How many folder indexes are open. */
    int openIndexes() {
        return open.size();
    }

    /** A temporary file name no other writer uses: this writer's tag and a counter. */
    Path tempFile(Path folder) {
        return folder.resolve(tempName(tag, tempFiles.incrementAndGet()));
    }

    /**
     * The name of a writer's n-th temporary file, which {@link Leftovers} removes from any folder under
     * the output once the writer tagged in it is gone; other stores name their local copies so too.
     */
    public static String tempName(String tag, long n) {
        return TEMP_PREFIX + tag + "-" + n + TEMP_SUFFIX;
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

    @Override
    protected void doStart() {
        synchronized (open) {
            stopped = false;
        }
        leases.start();
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "folder-index-sweeper");
            t.setDaemon(true);
            return t;
        });
        // Often enough both to close an idle index soon after its time and to keep to the rescan period.
        long period = Math.max(Math.min(idleNanos / 4, rescanNanos), TimeUnit.MILLISECONDS.toNanos(100));
        // Cleaning first, so even a folder whose index closes at this sweep has been cleaned once.
        sweeper.scheduleWithFixedDelay(() -> {
            cleanLeftovers();
            closeIdle(idleNanos);
        }, period, period, TimeUnit.NANOSECONDS);
    }

    @Override
    protected void doStop() {
        sweeper.shutdownNow();
        synchronized (open) {
            stopped = true;
            closeIdle(0); // one still in use closes when its download is done
        }
        leases.stop();
    }
}
