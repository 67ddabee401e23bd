package org.imagedownloader.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import org.imagedownloader.list.ListFile;
import org.imagedownloader.message.ItemResult;
import org.imagedownloader.message.Outcome;
import org.imagedownloader.store.StorageException;

/**
 * One list being worked on: where its report goes, how far its items may run ahead of their outcomes,
 * and what its outcomes add up to so far.
 */
final class ListRun {

    final String id;
    final Path listFile;
    final String listName;
    final String folderName;
    final Path reportFile;
    /** The list file as it was when the run opened. */
    final ListFile.Stamp taken;
    final CompletableFuture<Progress> finished = new CompletableFuture<>();
    private final RunLock lock;
    private final ReportWriter report;
    private final ReportCopy copy;
    /** Most items sent to the item seam whose outcome has not come back. */
    private final int maxOut;
    /**
     * Most lines the reader may be past the first line without an outcome: rows that end early wait in
     * memory for that one, so this bounds the report's reordering buffer.
     */
    private final long window;
    private final long startNanos = System.nanoTime();
    final Instant started = Instant.now();
    private long lastEndedNanos = startNanos;
    private final long[] counts = new long[Outcome.values().length];
    /** Items (by position) whose outcome is in: a redelivered outcome is counted once. */
    private final BitSet ended = new BitSet();
    private volatile boolean closed;
    private int out;
    /** No line before this one lacks an outcome. */
    private long firstOpen;
    private boolean readerWaiting;
    private long itemsAtEnd = -1;
    private long expected;
    private boolean sealed;
    private long done;
    private long bytes;
    private String storageProblem;
    private String reportProblem;
    private long lastDone = -1;
    private int quietIntervals;

    ListRun(String id, Path listFile, ListFile.Stamp taken, String folderName, Path reportFile, long expectedItems,
            int maxAhead, RunLock lock, ReportCopy copy) throws IOException {
        this.id = id;
        this.listFile = listFile;
        this.listName = listFile.getFileName().toString();
        this.taken = taken;
        this.folderName = folderName;
        this.reportFile = reportFile;
        this.expected = expectedItems;
        this.maxOut = maxAhead;
        this.window = 64L * maxAhead;
        this.lock = lock;
        this.report = new ReportWriter(reportFile);
        this.copy = copy;
    }

    /** Whether the line at {@code seq} is within the window of the first line still without an outcome. */
    synchronized boolean hasRoom(long seq) {
        return seq - firstOpen < window;
    }

    /**
     * Waits until the line at {@code seq} may be taken on: a URL while fewer than downloader.queue-size
     * items are out, any line while it is within the window of the first line still without an outcome.
     * False if the run was closed meanwhile. The reader of a list waits here, not the inbox, so only lists
     * being read hold a thread.
     */
    synchronized boolean awaitRoom(long seq, boolean goesOut) throws InterruptedException {
        while (!closed && (goesOut && out >= maxOut || seq - firstOpen >= window)) {
            readerWaiting = true;
            wait(100);
        }
        readerWaiting = false;
        if (goesOut && !closed) {
            out++;
        }
        return !closed;
    }

    /**
     * Counts an outcome and writes its report row; false for one already counted. The outcome is counted
     * first: a report that cannot be written must not make an item go missing.
     */
    synchronized boolean record(ItemResult result) {
        int seq = Math.toIntExact(result.item().seq());
        if (ended.get(seq)) {
            return false;
        }
        ended.set(seq);
        lastEndedNanos = System.nanoTime();
        if (result.item().verdict() == null) {
            out--;
        }
        if (seq == firstOpen) {
            firstOpen = ended.nextClearBit(seq);
        }
        if (readerWaiting) {
            notifyAll();
        }
        counts[result.outcome().ordinal()]++;
        if (result.outcome() == Outcome.DOWNLOADED) {
            bytes += result.bytes();
        }
        done++;
        if (result.ourDisk()) {
            storageFailed(result.error());
        }
        if (reportProblem == null) {
            try {
                report.add(result);
            } catch (IOException e) {
                reportProblem = "cannot write " + reportFile + ": " + e.getMessage();
                storageFailed(reportProblem);
            }
        }
        return true;
    }

    /** Told by the list's reader when it reaches the end, before the end message goes out. */
    synchronized void reachedEnd(long items) {
        itemsAtEnd = items;
    }

    synchronized long itemsAtEnd() {
        return itemsAtEnd;
    }

    /** From now on the item count is exact. */
    synchronized void seal(long items) {
        expected = items;
        sealed = true;
    }

    synchronized boolean isDone() {
        return sealed && done == expected;
    }

    private void storageFailed(String problem) {
        if (storageProblem == null) {
            storageProblem = problem;
        }
    }

    /** The first failure of our own disk in this run, or null. */
    synchronized String storageProblem() {
        return storageProblem;
    }

    /** Since when no item of this run has ended (its start, if none has). */
    synchronized Instant quietSince() {
        return started.plusNanos(lastEndedNanos - startNanos);
    }

    synchronized Progress progress() {
        return new Progress(listName, done, expected, counts.clone(), bytes, System.nanoTime() - startNanos);
    }

    /** Intervals in a row in which no item ended, counting this one. */
    synchronized int quietIntervals() {
        quietIntervals = done == lastDone ? quietIntervals + 1 : 0;
        lastDone = done;
        return quietIntervals;
    }

    /** Publishes the report, and copies it where the output keeps it; if that fails, it is the run's storage problem. */
    synchronized void commitReport() {
        if (reportProblem == null) {
            try {
                report.commit();
                copy.keep(folderName, reportFile);
            } catch (IOException e) {
                storageFailed("cannot write " + reportFile + ": " + e.getMessage());
            } catch (StorageException e) {
                storageFailed(e.getMessage());
            }
        }
    }

    /** Where the report ends up, for messages: its file, or its object in the bucket. */
    String reportAt() {
        return copy.report(folderName);
    }

    /** Releases what the run holds: an uncommitted report is dropped, the folder is free for another run. */
    void close() throws IOException {
        closed = true;
        try {
            report.close();
        } finally {
            lock.close();
        }
    }
}
