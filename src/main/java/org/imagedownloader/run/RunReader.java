package org.imagedownloader.run;

import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.imagedownloader.list.ListReader;
import org.imagedownloader.message.Headers;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.ItemResult;
import org.imagedownloader.message.ListEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an open run's list into items for the split, lazily and in line order, and holds each URL until
 * its list has credit for one more item out: a long list never floods the item seam, and the download
 * slots are shared fairly between lists. The end-of-list message follows every line, so the outcome
 * aggregation sees the run end.
 */
public final class RunReader {

    private static final Logger LOG = LoggerFactory.getLogger(RunReader.class);

    private final OpenRuns runs;
    private final int maxLineChars;

    public RunReader(OpenRuns runs, int maxLineChars) {
        this.runs = runs;
        this.maxLineChars = maxLineChars;
    }

    /** The items of the run the exchange opened. */
    public Iterator<Item> items(Exchange exchange) throws IOException {
        ListRun run = runs.get(exchange.getProperty(RunOpener.RUN_ID, String.class));
        ListReader lines = new ListReader(run.listFile, run.id, run.folderName, maxLineChars, run::reachedEnd);
        return new PromisedItems(run, lines, result -> runs.record(run, result));
    }

    /**
     * A URL waits until its list may have one more item out, then goes on to the item seam as it is; a
     * decided line that came this way waits for room, is counted, and goes no further (null).
     */
    public Item credit(Exchange exchange) {
        Item item = exchange.getIn().getBody(Item.class);
        ListRun run = runs.get(item.runId());
        boolean decided = item.verdict() != null;
        awaitRoom(run, item, !decided);
        if (decided) {
            runs.record(run, ItemResult.decided(item));
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

    /** The end-of-list message, once the list has been read through: how many items it has. */
    public ListEnd end(Exchange exchange) {
        ListRun run = runs.get(exchange.getProperty(RunOpener.RUN_ID, String.class));
        exchange.getIn().setHeader(Headers.RUN_ID, run.id);
        return new ListEnd(run.id, run.itemsAtEnd());
    }

    /** A list that could not be read to its end stays in the inbox, to be tried again. */
    public void abandon(Exchange exchange) {
        Optional<ListRun> run = runs.remove(exchange.getProperty(RunOpener.RUN_ID, String.class));
        if (run.isEmpty()) {
            return;
        }
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warn("{}: stopped reading ({}); it stays in the inbox and is taken again", run.get().listName,
                error == null ? "stopping" : error.getMessage());
        runs.close(run.get());
        run.get().finished.completeExceptionally(error != null ? error : new IllegalStateException("stopped"));
    }
}
