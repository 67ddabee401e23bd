package org.imagedownloader.run;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Exchange;
import org.imagedownloader.list.ListFile;
import org.imagedownloader.list.ListName;
import org.imagedownloader.list.UnreadableListException;

/**
 * Opens a run for the list file in the body: takes its folder's lock, checks the list is text, and
 * prepares its report. Sets {@link #RUN_ID} and {@link #FINISHED} when it opened, {@link #LIST_ERROR}
 * when the file cannot be worked on, {@link #LIST_LATER} when it must wait.
 */
public final class RunOpener {

    /** Exchange properties of a list's exchange. */
    public static final String RUN_ID = "runId";
    public static final String LIST_ERROR = "listError";
    /** Set when the list cannot be opened now (too many open, or its folder is busy): it stays in the inbox. */
    public static final String LIST_LATER = "listLater";
    /** The run's end: a {@code CompletableFuture<Progress>} for the one-shot command line. */
    public static final String FINISHED = "listFinished";

    private final OpenRuns runs;
    private final Path output;
    private final int maxAhead;
    private final int maxLineChars;
    private final ReportCopy reportCopy;

    /**
     * @param maxAhead   items of one list sent but without an outcome yet
     * @param reportCopy where a finished report is kept besides its file under the output folder, and where
     *                   the list's images and report end up, for messages
     */
    public RunOpener(OpenRuns runs, Path output, int maxAhead, int maxLineChars, ReportCopy reportCopy) {
        this.runs = runs;
        this.output = output;
        this.maxAhead = maxAhead;
        this.maxLineChars = maxLineChars;
        this.reportCopy = reportCopy;
    }

    /** The end of the run a list's exchange opened, for those who wait for it (the command line, tests). */
    @SuppressWarnings("unchecked")
    public static CompletableFuture<Progress> finished(Exchange opened) {
        return opened.getProperty(FINISHED, CompletableFuture.class);
    }

    public void open(Exchange exchange) throws IOException {
        Path listFile = exchange.getIn().getBody(File.class).toPath();
        if (!runs.takeSlot()) {
            exchange.setProperty(LIST_LATER, "too many lists open");
            return;
        }
        ListRun run = null;
        try {
            run = lockFolder(exchange, listFile);
        } finally {
            if (run == null) {
                runs.returnSlot();
            }
        }
    }

    private ListRun lockFolder(Exchange exchange, Path listFile) throws IOException {
        String folderName = ListName.folderFor(listFile.getFileName().toString());
        Path folder = output.resolve(folderName);
        Optional<RunLock> lock;
        try {
            // Taken before the list is read: a list whose folder is busy is not re-read at every poll.
            lock = RunLock.tryTake(output, folderName);
        } catch (IOException e) {
            exchange.setProperty(LIST_ERROR, "cannot write to " + output + ": " + e.getMessage());
            return null;
        }
        if (lock.isEmpty()) {
            exchange.setProperty(LIST_LATER, "another run is writing " + folder + " ("
                    + RunLock.file(output, folderName) + " is locked)");
            return null;
        }
        ListRun run = null;
        try {
            run = newRun(exchange, listFile, folderName, folder, lock.get());
            return run;
        } finally {
            if (run == null) {
                lock.get().close();
            }
        }
    }

    private ListRun newRun(Exchange exchange, Path listFile, String folderName, Path folder, RunLock lock) {
        ListFile.Stamp taken;
        ListFile.Scan scan;
        try {
            // Stamped before the first pass: a list that gains lines after this is taken again at its end.
            taken = ListFile.Stamp.of(listFile);
            scan = ListFile.scan(listFile, maxLineChars);
        } catch (UnreadableListException e) {
            return refuse(exchange, listFile, e.getMessage());
        } catch (IOException e) {
            return refuse(exchange, listFile, "cannot read: " + e.getMessage());
        }
        ListRun run;
        try {
            Files.createDirectories(folder);
            run = new ListRun(UUID.randomUUID().toString(), listFile, taken, folderName,
                    output.resolve(folderName + ".report.csv"), scan.items(), maxAhead, lock, reportCopy);
        } catch (IOException e) {
            exchange.setProperty(LIST_ERROR, "cannot write to " + folder + ": " + e.getMessage());
            return null;
        }
        runs.tell.started(run.listName, scan.lines(), scan.items(), reportCopy.images(folderName));
        exchange.setProperty(RUN_ID, run.id);
        exchange.setProperty(FINISHED, run.finished);
        runs.add(run);
        return run;
    }

    private static ListRun refuse(Exchange exchange, Path listFile, String reason) {
        if (Files.exists(listFile)) {
            exchange.setProperty(LIST_ERROR, reason);
        } else {
            exchange.setProperty(LIST_LATER, "gone"); // taken and archived by another daemon meanwhile
        }
        return null;
    }
}
