package org.imagedownloader.run;

import java.io.IOException;
import java.nio.file.Path;
import org.imagedownloader.message.ItemResult;
import org.imagedownloader.message.Outcome;
import org.imagedownloader.store.FolderIndex;

/** One list being worked on: where its images and report go, and how many of its items have ended. */
public final class ListRun {

    final String id;
    final Path listFile;
    public final String listName;
    public final Path folder;
    final Path reportFile;
    public final FolderIndex index;
    private final ReportWriter report;
    private final long startNanos = System.nanoTime();
    private final long[] counts = new long[Outcome.values().length];
    private long expected;
    private boolean sealed;
    private long done;
    private long bytes;
    private String storageProblem;
    private String reportProblem;

    ListRun(String id, Path listFile, Path folder, Path reportFile, long expectedItems, FolderIndex index)
            throws IOException {
        this.id = id;
        this.listFile = listFile;
        this.listName = listFile.getFileName().toString();
        this.folder = folder;
        this.reportFile = reportFile;
        this.expected = expectedItems;
        this.index = index;
        this.report = new ReportWriter(reportFile);
    }

    /** Counts the outcome first: a report that cannot be written must not make an item go missing. */
    synchronized void record(ItemResult result) {
        counts[result.outcome().ordinal()]++;
        if (result.outcome() == Outcome.DOWNLOADED) {
            bytes += result.bytes();
        }
        done++;
        if (reportProblem == null) {
            try {
                report.add(result);
            } catch (IOException e) {
                reportProblem = "cannot write " + reportFile + ": " + e.getMessage();
                storageFailed(reportProblem);
            }
        }
        if (isDone()) {
            notifyAll(); // only the last outcome wakes the waiting list thread, not every one
        }
    }

    /** Called once the list has been read to its end: from now on the item count is exact. */
    synchronized void seal(long items) {
        expected = items;
        sealed = true;
        notifyAll();
    }

    /** Waits up to the given time for every item to end; true when they all have. */
    synchronized boolean awaitDone(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!isDone()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    private boolean isDone() {
        return sealed && done == expected;
    }

    synchronized void storageFailed(String problem) {
        if (storageProblem == null) {
            storageProblem = problem;
        }
    }

    /** The first failure of our own disk in this run, or null. */
    synchronized String storageProblem() {
        return storageProblem;
    }

    synchronized Progress progress() {
        return new Progress(listName, done, expected, counts.clone(), bytes, System.nanoTime() - startNanos);
    }

    /** Publishes the report; if it cannot be written, that is the run's storage problem. */
    void commitReport() {
        if (reportProblem == null) {
            try {
                report.commit();
            } catch (IOException e) {
                storageFailed("cannot write " + reportFile + ": " + e.getMessage());
            }
        }
    }

    /** Releases what the run holds; an uncommitted report is dropped. */
    void close() throws IOException {
        report.close();
    }
}
