package org.imagedownloader.store;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's leases on the folder journals' file locks. A writer keeps a journal's lock for up to
 * {@link #LEASE_NANOS} once it has it, since a file lock taken and given back per image would cost more
 * than the rest of the bookkeeping together; a timer gives each lease back once it is due, which lets a
 * writer waiting in another process in. The timer runs from start to stop of this service.
 * <p>
 * A file lock belongs to the whole JVM (a second lock on the same file from the same JVM fails), so the
 * leases themselves are shared by every store in it, as tests make when they play two daemons in one JVM.
 */
final class JournalLeases extends ServiceSupport {

    static final long LEASE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final Logger LOG = LoggerFactory.getLogger(JournalLeases.class);

    /** One lease per journal file: the file lock belongs to the process, whichever channel took it. */
    private static final Map<Path, Lease> LEASES = new HashMap<>();
    /** Leases whose lock is held; any running timer gives each back once it is due. */
    private static final Set<Lease> HELD = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService timer;

    /**
     * What this process shares about one journal, whichever index of it is used: the monitor that every
     * use of the journal takes, and the lease on its file lock. Two indexes of one folder (as tests make,
     * to play two writers) share it.
     */
    static final class Lease {
        private final Path journalFile;
        /** Guarded by the leases: the journals open on the file in this process. */
        private int users;
        private FileLock lock;
        private long since;
        /** The reader that has read everything written under the current lease (it wrote the rest itself). */
        private Journal upToDate;

        private Lease(Path journalFile) {
            this.journalFile = journalFile;
        }

        /** One journal on the file less: the lease is forgotten once none is open. */
        void detach() {
            synchronized (LEASES) {
                if (--users == 0) {
                    LEASES.remove(journalFile);
                }
            }
        }

        /**
         * Makes sure the lock is held by a lease that is not yet due, taking it anew through the journal if
         * not; returns whether the journal must catch up before it is read or appended to. Under the monitor.
         */
        boolean hold(Journal journal) throws IOException {
            long now = System.nanoTime();
            if (lock == null || !lock.isValid() || now - since >= LEASE_NANOS) {
                giveBack();
                lock = journal.lock();
                since = now;
                HELD.add(this);
            }
            if (upToDate == journal) {
                return false;
            }
            upToDate = journal;
            return true;
        }

        /** Gives the lease back if it has been held long enough, or whatever its age when stopping. */
        private synchronized void giveBackIfDue(boolean stopping) {
            if (stopping || lock == null || System.nanoTime() - since >= LEASE_NANOS) {
                try {
                    giveBack();
                } catch (IOException e) {
                    LOG.warn("Releasing a folder index lock: {}", e.getMessage());
                }
            }
        }

        /** Under the monitor. */
        void giveBack() throws IOException {
            FileLock taken = lock;
            lock = null;
            upToDate = null;
            HELD.remove(this);
            if (taken != null && taken.isValid()) {
                taken.release();
            }
        }
    }

    /** The lease of a journal file, shared by every journal open on it in this process until it detaches. */
    Lease of(Path journalFile) {
        synchronized (LEASES) {
            Lease lease = LEASES.computeIfAbsent(journalFile.toAbsolutePath().normalize(), Lease::new);
            lease.users++;
            return lease;
        }
    }


    @Override
    protected void doStart() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "folder-journal-leases");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> HELD.forEach(lease -> lease.giveBackIfDue(false)), LEASE_NANOS, LEASE_NANOS,
                TimeUnit.NANOSECONDS);
    }

    @Override
    protected void doStop() {
        timer.shutdownNow();
        // A lease of another store still in use is taken again at its next use.
        HELD.forEach(lease -> lease.giveBackIfDue(true));
    }
}
