package org.imagedownloader.run;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.imagedownloader.Settings;
import org.imagedownloader.list.ListFile;
import org.imagedownloader.list.ListName;
import org.imagedownloader.list.ListReader;
import org.imagedownloader.list.UnreadableListException;
import org.imagedownloader.message.ItemResult;
import org.imagedownloader.store.FileNamer;
import org.imagedownloader.store.FolderIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lists being worked on: opens a run for a list file, counts its items' outcomes, and closes it
 * with a report once every item has ended. Outcomes name their run by id, so they can arrive from
 * any thread (or, later, any machine).
 */
public final class ListRuns {

    static final String RUN_ID = "runId";
    public static final String LIST_ERROR = "listError";
    static final String ARCHIVE_TO = "archiveTo";

    private static final Logger LOG = LoggerFactory.getLogger(ListRuns.class);
    private static final int STALL_WARN_INTERVALS = 60;

    private final Settings settings;
    private final Map<String, ListRun> runs = new ConcurrentHashMap<>();
    private final Map<Path, FolderIndex> indexes = new ConcurrentHashMap<>();
    private volatile ProgressSink sink = ProgressSink.log(LOG);

    public ListRuns(Settings settings) {
        this.settings = settings;
    }

    /** Where start, progress and summary lines go: the log in the daemon, the terminal in the CLI. */
    public void setSink(ProgressSink sink) {
        this.sink = sink;
    }

    /**
     * Starts a run for the list in the body, or sets {@link #LIST_ERROR} when the file cannot be read
     * as a list. The run is released however the exchange ends.
     */
    public void open(Exchange exchange) throws IOException {
        Path listFile = exchange.getIn().getBody(File.class).toPath();
        ListFile.Scan scan;
        try {
            scan = ListFile.scan(listFile, settings.maxLineChars());
        } catch (UnreadableListException e) {
            exchange.setProperty(LIST_ERROR, e.getMessage());
            return;
        }
        String folderName = ListName.folderFor(listFile.getFileName().toString());
        Path folder = settings.output().resolve(folderName);
        ListRun run;
        try {
            Files.createDirectories(folder);
            Path index = folder.resolveSibling("." + folderName + ".index.tsv");
            FolderIndex folderIndex = indexes.computeIfAbsent(folder.toAbsolutePath(), f -> openIndex(f, index));
            run = new ListRun(UUID.randomUUID().toString(), listFile, folder,
                    folder.resolveSibling(folderName + ".report.csv"), scan.items(), folderIndex);
        } catch (IOException | UncheckedIOException e) {
            exchange.setProperty(LIST_ERROR, "cannot write to " + folder + ": " + e.getMessage());
            return;
        }
        runs.put(run.id, run);
        exchange.setProperty(RUN_ID, run.id);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                release(run);
            }
        });
        sink.started(run.listName, scan.lines(), scan.items(), folder);
    }

    private static FolderIndex openIndex(Path folder, Path journal) {
        try {
            return new FolderIndex(folder, journal);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open index " + journal, e);
        }
    }

    /** The list's items, read lazily in line order; the run learns the exact count at the end. */
    public ListReader items(Exchange exchange) throws IOException {
        ListRun run = run(exchange.getProperty(RUN_ID, String.class));
        return new ListReader(run.listFile, run.id, settings.maxLineChars(), run::seal);
    }

    public void record(ItemResult result) {
        // A run abandoned meanwhile (its list failed, or the daemon is stopping) leaves its list in the
        // inbox, so this item is seen again next time.
        Optional<ListRun> run = find(result.item().runId());
        if (run.isPresent()) {
            run.get().record(result);
        }
    }

    /**
     * Waits until every item of the list has an outcome, reporting progress meanwhile, then publishes the
     * report and names the list's place in the archive. The body becomes the final {@link Progress}.
     */
    public Progress finish(Exchange exchange) throws IOException, InterruptedException {
        ListRun run = run(exchange.getProperty(RUN_ID, String.class));
        long lastDone = -1;
        int quiet = 0;
        while (!run.awaitDone(settings.progressInterval().toMillis())) {
            Progress now = run.progress();
            sink.progress(now);
            // Retries and slow servers explain a quiet minute or two; a long silence is worth a warning.
            quiet = now.done() == lastDone ? quiet + 1 : 0;
            lastDone = now.done();
            if (quiet > 0 && quiet % STALL_WARN_INTERVALS == 0) {
                LOG.warn("{}: no item has finished for {} s ({} of {} done)", run.listName,
                        quiet * settings.progressInterval().toSeconds(), now.done(), now.total());
            }
        }
        run.commitReport();
        Progress last = run.progress();
        sink.finished(last, run.reportFile);
        String storage = run.storageProblem();
        if (storage == null) {
            exchange.setProperty(ARCHIVE_TO, archiveName(run.listFile, ".done"));
        } else {
            // Not done: the images are not all on disk through no fault of the servers.
            toError(exchange, run.listFile, "images could not be saved (" + storage + "); fix the disk,"
                    + " then move this list back into the inbox to fetch only what is missing");
        }
        return last;
    }

    /** Sends a list that cannot be worked on to the inbox's .error folder, with a note saying why. */
    public void reject(Exchange exchange) throws IOException {
        toError(exchange, exchange.getIn().getBody(File.class).toPath(), exchange.getProperty(LIST_ERROR, String.class));
    }

    private void toError(Exchange exchange, Path listFile, String reason) throws IOException {
        exchange.setProperty(LIST_ERROR, reason);
        if (!settings.watch()) {
            return; // the CLI reports it; a list given on the command line is never moved or written beside
        }
        String archived = archiveName(listFile, ".error");
        Path note = listFile.resolveSibling(archived + ".error.txt");
        Files.createDirectories(note.getParent());
        try {
            Files.writeString(note, listFile.getFileName() + ": " + reason + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Still archive the list: left in the inbox it would fail again at every poll.
            LOG.warn("Cannot write {}: {}", note, e.getMessage());
        }
        exchange.setProperty(ARCHIVE_TO, archived);
        LOG.warn("{} moved to {}: {}", listFile.getFileName(), archived, reason);
    }

    /** Remembers that our own disk failed an item of this run, which keeps the list from being done. */
    public void storageFailed(String runId, String problem) {
        find(runId).ifPresent(run -> run.storageFailed(problem));
    }

    public Optional<ListRun> find(String id) {
        return Optional.ofNullable(id == null ? null : runs.get(id));
    }

    public ListRun run(String id) {
        ListRun run = id == null ? null : runs.get(id);
        if (run == null) {
            throw new IllegalStateException("no open run " + id);
        }
        return run;
    }

    private void release(ListRun run) {
        runs.remove(run.id);
        try {
            run.close();
            if (runs.values().stream().noneMatch(r -> r.index == run.index)) {
                indexes.values().remove(run.index);
                run.index.close();
            }
        } catch (IOException e) {
            LOG.warn("Closing the run of {}: {}", run.listName, e.toString());
        }
    }

    /**
     * A path relative to the list's folder, inside the given archive folder, that no earlier list uses:
     * an archive never overwrites what is already there.
     */
    static String archiveName(Path listFile, String archive) {
        Path dir = listFile.resolveSibling(archive);
        String name = listFile.getFileName().toString();
        String candidate = name;
        for (int n = 2; Files.exists(dir.resolve(candidate)) || Files.exists(dir.resolve(candidate + ".error.txt")); n++) {
            candidate = FileNamer.numbered(name, n);
        }
        return archive + "/" + candidate;
    }
}
