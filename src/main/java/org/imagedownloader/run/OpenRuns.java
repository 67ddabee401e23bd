package org.imagedownloader.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import org.apache.camel.Exchange;
import org.apache.camel.support.service.ServiceSupport;
import org.imagedownloader.message.Headers;
import org.imagedownloader.message.ItemResult;
import org.imagedownloader.message.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs this process has open, by run id, and the slots for more: what the list side's steps share.
 * Stopping the CamelContext drops the open runs, unfinished: their lists stay in the inbox and resume at
 * the next start.
 */
public final class OpenRuns extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(OpenRuns.class);

    private final Semaphore slots;
    private final Map<String, ListRun> runs = new ConcurrentHashMap<>();
    private final Set<Path> listFiles = ConcurrentHashMap.newKeySet();
    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();
    /** Tells every listener. */
    final RunListener tell = new RunListener() {
        @Override
        public void started(String list, long lines, long items, String images) {
            listeners.forEach(l -> l.started(list, lines, items, images));
        }

        @Override
        public void progress(Progress progress) {
            listeners.forEach(l -> l.progress(progress));
        }

        @Override
        public void ended(String list, ItemResult result) {
            listeners.forEach(l -> l.ended(list, result));
        }

        @Override
        public void finished(Progress last, Path report, String reportAt) {
            listeners.forEach(l -> l.finished(last, report, reportAt));
        }
    };

    /** @param maxOpen lists open at once (downloader.max-open-lists) */
    public OpenRuns(int maxOpen) {
        this.slots = new Semaphore(maxOpen);
    }

    public void listen(RunListener listener) {
        listeners.add(listener);
    }

    /** Whether another list may open now. */
    boolean haveSlot() {
        return slots.availablePermits() > 0;
    }

    /** Takes a slot for a list about to open; false if none is free. */
    boolean takeSlot() {
        return slots.tryAcquire();
    }

    /** Gives back the slot of a list that did not open after all. */
    void returnSlot() {
        slots.release();
    }

    void add(ListRun run) {
        runs.put(run.id, run);
        listFiles.add(run.listFile.toAbsolutePath());
    }

    boolean isOpen(Path listFile) {
        return listFiles.contains(listFile.toAbsolutePath());
    }

    Optional<ListRun> find(String id) {
        return Optional.ofNullable(id == null ? null : runs.get(id));
    }

    ListRun get(String id) {
        return find(id).orElseThrow(() -> new IllegalStateException("no open run " + id));
    }

    /** Takes a run out of the open ones; empty if it was taken out already (only one caller closes it). */
    Optional<ListRun> remove(String id) {
        return Optional.ofNullable(id == null ? null : runs.remove(id));
    }

    Collection<ListRun> all() {
        return runs.values();
    }

    /** Whether an outcome belongs to a run this process opened (a shared outcome topic has all). */
    public boolean owns(Exchange outcome) {
        return runs.containsKey(outcome.getIn().getHeader(Headers.RUN_ID, ""));
    }

    /** Counts an item's outcome in its run, once, and tells the listeners. */
    void record(ListRun run, ItemResult result) {
        if (!run.record(result)) {
            return;
        }
        if (result.outcome() == Outcome.FAILED) {
            LOG.warn("{} line {}: {} failed after {} attempt(s): {}", run.listName, result.item().line(),
                    result.item().urlText(), result.attempts(), result.error());
        }
        tell.ended(run.listName, result);
    }

    /** Releases what a run taken out of the open ones holds: its folder, its list file, its slot. */
    void close(ListRun run) {
        try {
            run.close();
        } catch (IOException e) {
            LOG.warn("Closing the run of {}: {}", run.listName, e.getMessage());
        } finally {
            listFiles.remove(run.listFile.toAbsolutePath());
            slots.release();
        }
    }

    public int size() {
        return runs.size();
    }

    /** How every open run stands now, with when it started. */
    public List<Snapshot> snapshots() {
        return runs.values().stream().map(r -> new Snapshot(r.progress(), r.started, r.quietSince())).toList();
    }

    /**
     * An open run: its figures, when it started, and since when no item of it has ended (its start if
     * none has).
     */
    public record Snapshot(Progress progress, Instant started, Instant quietSince) {
    }

    @Override
    protected void doStop() {
        for (ListRun run : runs.values()) {
            if (runs.remove(run.id) != null) {
                close(run);
                run.finished.completeExceptionally(new IllegalStateException("stopped before " + run.listName + " ended"));
            }
        }
    }
}
