package org.imagedownloader.run;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.support.service.ServiceSupport;
import org.imagedownloader.list.ListFile;
import org.imagedownloader.list.ListName;
import org.imagedownloader.list.ListReader;
import org.imagedownloader.list.UnreadableListException;
import org.imagedownloader.message.Headers;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.ItemResult;
import org.imagedownloader.message.ListEnd;
import org.imagedownloader.message.Outcome;
import org.imagedownloader.store.FileNamer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The list side: opens a run for a list file, reads its items out at the pace its outcomes come back,
 * adds up the outcomes (the aggregation strategy of the outcome route), and closes the run with a report
 * and an archived list once the outcomes say every item has ended. No thread waits for a list to end.
 */
public final class ListRuns extends ServiceSupport implements GenericFileFilter<File>, AggregationStrategy {

    /** Exchange properties of a list's exchange. */
    public static final String RUN_ID = "runId";
    public static final String LIST_ERROR = "listError";
    /** Set when the list cannot be opened now (too many open, or its folder is busy): it stays in the inbox. */
    public static final String LIST_LATER = "listLater";
    /** The run's end: a {@code CompletableFuture<Progress>} for the one-shot command line. */
    public static final String FINISHED = "listFinished";

    private static final Logger LOG = LoggerFactory.getLogger(ListRuns.class);
    private static final int STALL_WARN_INTERVALS = 60;

    private final Path output;
    /** Lists taken from here are archived when they end; null when the inbox is not watched. */
    private final Path inbox;
    private final int maxLineChars;
    private final int maxAhead;
    private final long progressSeconds;
    private final Semaphore openSlots;
    private final Map<String, ListRun> runs = new ConcurrentHashMap<>();
    private final Set<Path> openFiles = ConcurrentHashMap.newKeySet();
    private volatile ProgressSink sink = ProgressSink.log(LOG);
    private volatile BooleanSupplier seamsReady = () -> true;
    private volatile RunWatcher watcher = RunWatcher.NONE;

    /**
     * @param inbox     the watched inbox, whose lists move to its .done/.error when they end; null for the
     *                  command line, which never moves or writes beside a list it was given
     * @param maxAhead  items of one list sent but without an outcome yet
     */
    public ListRuns(Path output, Path inbox, int maxOpen, int maxAhead, int maxLineChars, long progressSeconds) {
        this.output = output;
        this.inbox = inbox == null ? null : inbox.toAbsolutePath().normalize();
        this.openSlots = new Semaphore(maxOpen);
        this.maxAhead = maxAhead;
        this.maxLineChars = maxLineChars;
        this.progressSeconds = progressSeconds;
    }

    private volatile BooleanSupplier waitingForNetwork = () -> false;

    /** Where start, progress and summary lines go: the log in the daemon, the terminal in the CLI. */
    public void setSink(ProgressSink sink) {
        this.sink = sink;
    }

    public void setWatcher(RunWatcher watcher) {
        this.watcher = watcher;
    }

    /** While this says the items wait for the network, a quiet list is not stalled: no warning. */
    public void setWaitingForNetwork(BooleanSupplier waiting) {
        this.waitingForNetwork = waiting;
    }

    /** Lists are taken only while this says the seams can carry their messages (Kafka's brokers answer). */
    public void setSeamsReady(BooleanSupplier seamsReady) {
        this.seamsReady = seamsReady;
    }

    /**
     * The inbox's filter: a list already open is not taken again, nor any while no more may open or the
     * seams are not ready.
     */
    @Override
    public boolean accept(GenericFile<File> file) {
        return file.isDirectory() || !openFiles.contains(file.getFile().toPath().toAbsolutePath())
                && openSlots.availablePermits() > 0 && seamsReady.getAsBoolean();
    }

    /** Whether an outcome message belongs to a run this process opened (a shared outcome topic has all). */
    public boolean owns(Exchange outcome) {
        return outcome.getIn().getBody() != null && runs.containsKey(outcome.getIn().getHeader(Headers.RUN_ID, ""));
    }

    /**
     * Starts a run for the list in the body. Sets {@link #RUN_ID} and {@link #FINISHED} when it opened,
     * {@link #LIST_ERROR} when the file cannot be worked on, {@link #LIST_LATER} when it must wait.
     */
    public void open(Exchange exchange) throws IOException {
        Path listFile = exchange.getIn().getBody(File.class).toPath();
        if (!openSlots.tryAcquire()) {
            exchange.setProperty(LIST_LATER, "too many lists open");
            return;
        }
        ListRun run = null;
        try {
            run = start(exchange, listFile);
        } finally {
            if (run == null) {
                openSlots.release();
            }
        }
    }

    private ListRun start(Exchange exchange, Path listFile) throws IOException {
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
        ListFile.Scan scan;
        try {
            scan = ListFile.scan(listFile, maxLineChars);
        } catch (UnreadableListException e) {
            if (Files.exists(listFile)) {
                exchange.setProperty(LIST_ERROR, e.getMessage());
            } else {
                exchange.setProperty(LIST_LATER, "gone"); // taken and archived by another daemon meanwhile
            }
            return null;
        }
        ListRun run;
        try {
            Files.createDirectories(folder);
            run = new ListRun(UUID.randomUUID().toString(), listFile, folderName,
                    output.resolve(folderName + ".report.csv"), scan.items(), maxAhead, lock);
        } catch (IOException e) {
            exchange.setProperty(LIST_ERROR, "cannot write to " + folder + ": " + e.getMessage());
            return null;
        }
        sink.started(run.listName, scan.lines(), scan.items(), folder);
        exchange.setProperty(RUN_ID, run.id);
        exchange.setProperty(FINISHED, run.finished);
        runs.put(run.id, run);
        openFiles.add(listFile.toAbsolutePath());
        return run;
    }

    /** The end of the run a list's exchange opened, for those who wait for it (the command line, tests). */
    @SuppressWarnings("unchecked")
    public static CompletableFuture<Progress> finished(Exchange opened) {
        return opened.getProperty(FINISHED, CompletableFuture.class);
    }

    /**
     * The list's URLs to fetch, read lazily in line order. Lines decided while reading (invalid, or a URL
     * repeated) are counted here and then, on the list side that decided them, and never become messages,
     * which keeps a list of a million repeats cheap. Only a decided line that would run too far ahead of
     * the first line still without an outcome goes through the split, to wait in {@link #credit} like a
     * URL: the iterator itself never waits, since the splitter reads one element ahead of the one it is
     * sending. The end-of-list message follows every line, so the aggregation still sees the run end.
     */
    public Iterator<Item> urls(Exchange exchange) throws IOException {
        ListRun run = run(exchange.getProperty(RUN_ID, String.class));
        return new Urls(run, new ListReader(run.listFile, run.id, run.folderName, maxLineChars, run::read));
    }

    /** Holds the element it promised: the splitter asks hasNext, then next, and outcomes come in between. */
    private final class Urls implements Iterator<Item>, Closeable {
        private final ListRun run;
        private final ListReader items;
        private Item promised;

        Urls(ListRun run, ListReader items) {
            this.run = run;
            this.items = items;
        }

        @Override
        public boolean hasNext() {
            while (promised == null && items.hasNext()) {
                Item next = items.next();
                if (next.verdict() == null || !run.hasRoom(next.seq())) {
                    promised = next;
                } else {
                    record(run, ItemResult.decided(next));
                }
            }
            return promised != null;
        }

        @Override
        public Item next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Item next = promised;
            promised = null;
            return next;
        }

        @Override
        public void close() throws IOException {
            items.close();
        }
    }

    /**
     * A URL waits until its list may have one more item out, then goes on to the item seam as it is; a
     * decided line that came this way waits for room, is counted, and goes no further (null).
     */
    public Item credit(Exchange exchange) {
        Item item = exchange.getIn().getBody(Item.class);
        ListRun run = run(item.runId());
        boolean decided = item.verdict() != null;
        awaitRoom(run, item, !decided);
        if (decided) {
            record(run, ItemResult.decided(item));
            return null;
        }
        return item;
    }

    private static void awaitRoom(ListRun run, Item item, boolean goesOut) {
        try {
            if (run.awaitRoom(item.seq(), goesOut)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException(item.list() + " was closed while being read");
    }

    /** The end-of-list message, once the list has been read through. */
    public ListEnd read(Exchange exchange) {
        ListRun run = run(exchange.getProperty(RUN_ID, String.class));
        exchange.getIn().setHeader(Headers.RUN_ID, run.id);
        return new ListEnd(run.id, run.itemsRead());
    }

    /**
     * Adds one outcome message (an item's, or the end of a list) to its run, and marks the aggregate
     * complete once every item of the run has ended (or the run is gone): the aggregator's completion
     * predicate only reads that mark.
     */
    @Override
    public Exchange aggregate(Exchange sum, Exchange next) {
        Object body = next.getIn().getBody();
        Optional<ListRun> run;
        if (body instanceof ItemResult result) {
            run = find(result.item().runId());
            run.ifPresent(r -> record(r, result));
        } else if (body instanceof ListEnd end) {
            run = find(end.runId());
            run.ifPresent(r -> r.seal(end.items()));
        } else {
            throw new IllegalArgumentException("not an outcome message: " + body);
        }
        Exchange answer = sum == null ? next : sum;
        if (run.map(ListRun::isDone).orElse(true)) {
            answer.setProperty(ExchangePropertyKey.AGGREGATION_COMPLETE_CURRENT_GROUP, true);
        }
        return answer;
    }

    private void record(ListRun run, ItemResult result) {
        if (!run.record(result)) {
            return;
        }
        if (result.outcome() == Outcome.FAILED) {
            LOG.warn("{} line {}: {} failed after {} attempt(s): {}", run.listName, result.item().line(),
                    result.item().urlText(), result.attempts(), result.error());
        }
        watcher.ended(run.listName, result);
    }

    /** Publishes the report of a run whose items have all ended, and archives its list. */
    public void finish(Exchange sum) throws IOException {
        ListRun run = runs.remove(sum.getIn().getHeader(Headers.RUN_ID, String.class));
        if (run == null) {
            return; // outcomes of a run closed earlier (redelivered, or the daemon is stopping)
        }
        Progress last = null;
        try {
            run.commitReport();
            last = run.progress();
            sink.finished(last, run.reportFile);
            watcher.finished(last, run.reportFile);
            String storage = run.storageProblem();
            if (storage != null) {
                // Not done: the images are not all on disk through no fault of the servers.
                toError(run.listFile, "images could not be saved (" + storage + "); fix the disk,"
                        + " then move this list back into the inbox to fetch only what is missing");
            } else if (fromInbox(run.listFile)) {
                Path done = run.listFile.resolveSibling(archiveName(run.listFile, ".done"));
                Files.createDirectories(done.getParent());
                Files.move(run.listFile, done);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: cannot be archived: {}", run.listName, e.getMessage());
            close(run);
            run.finished.completeExceptionally(e);
            throw e;
        }
        close(run);
        run.finished.complete(last); // only now is the folder free for the next run
    }

    /** A list that could not be read to its end stays in the inbox, to be tried again. */
    public void abandon(Exchange exchange) {
        Optional<ListRun> run = find(exchange.getProperty(RUN_ID, String.class));
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (run.isPresent() && runs.remove(run.get().id) != null) {
            LOG.warn("{}: stopped reading ({}); it stays in the inbox and is taken again", run.get().listName,
                    error == null ? "stopping" : error.getMessage());
            close(run.get());
            run.get().finished.completeExceptionally(error != null ? error : new IllegalStateException("stopped"));
        }
    }

    /** Sends a list that cannot be worked on to the inbox's .error folder, with a note saying why. */
    public void reject(Exchange exchange) throws IOException {
        toError(exchange.getIn().getBody(File.class).toPath(), exchange.getProperty(LIST_ERROR, String.class));
    }

    private void toError(Path listFile, String reason) throws IOException {
        if (!fromInbox(listFile)) {
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
        Files.move(listFile, listFile.resolveSibling(archived));
        LOG.warn("{} moved to {}: {}", listFile.getFileName(), archived, reason);
    }

    private boolean fromInbox(Path listFile) {
        return inbox != null && inbox.equals(listFile.toAbsolutePath().normalize().getParent());
    }

    /** Progress lines for every open list, and a warning for one where nothing has ended for long. */
    public void progress() {
        for (ListRun run : runs.values()) {
            Progress now = run.progress();
            sink.progress(now);
            // Retries and slow servers explain a quiet minute or two; a long silence is worth a warning.
            int quiet = run.quietIntervals();
            if (quiet > 0 && quiet % STALL_WARN_INTERVALS == 0 && !waitingForNetwork.getAsBoolean()) {
                LOG.warn("{}: no item has finished for {} s ({} of {} done)", run.listName,
                        quiet * progressSeconds, now.done(), now.total());
            }
        }
    }

    /** How every open run stands now, with when it started. */
    public List<Open> open() {
        return runs.values().stream().map(r -> new Open(r.progress(), r.started, r.quietSince())).toList();
    }

    /**
     * An open run: its figures, when it started, and since when no item of it has ended (its start if
     * none has).
     */
    public record Open(Progress progress, Instant started, Instant quietSince) {
    }

    Optional<ListRun> find(String id) {
        return Optional.ofNullable(id == null ? null : runs.get(id));
    }

    ListRun run(String id) {
        return find(id).orElseThrow(() -> new IllegalStateException("no open run " + id));
    }

    private void close(ListRun run) {
        try {
            run.close();
        } catch (IOException e) {
            LOG.warn("Closing the run of {}: {}", run.listName, e.getMessage());
        } finally {
            openFiles.remove(run.listFile.toAbsolutePath());
            openSlots.release();
        }
    }

    /** Removes reports left half-written by a run that is provably gone: its folder's run lock is free. */
    static int removeAbandonedReports(Path output) throws IOException {
        int removed = 0;
        try (Stream<Path> files = Files.list(output)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(ReportWriter.TEMP_SUFFIX)) {
                    String folderName = name.substring(1, name.length() - ReportWriter.TEMP_SUFFIX.length());
                    Optional<RunLock> lock = RunLock.tryTake(output, folderName);
                    if (lock.isPresent()) {
                        try (RunLock held = lock.get()) {
                            Files.deleteIfExists(p);
                            removed++;
                        }
                    }
                }
            }
        }
        return removed;
    }

    @Override
    protected void doStart() throws IOException {
        removeAbandonedReports(output);
    }

    /** Open runs are dropped, not finished: their lists stay in the inbox and resume at the next start. */
    @Override
    protected void doStop() {
        for (ListRun run : runs.values()) {
            if (runs.remove(run.id) != null) {
                close(run);
                run.finished.completeExceptionally(new IllegalStateException("stopped before " + run.listName + " ended"));
            }
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
