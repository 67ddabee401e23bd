package org.imagedownloader.fetch;

import org.apache.camel.Exchange;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.ItemResult;
import org.imagedownloader.message.Outcome;
import org.imagedownloader.run.ListRuns;
import org.imagedownloader.store.ImageSaver;
import org.imagedownloader.store.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the end of an item's route into its one {@link ItemResult} and hands it to its list. */
public final class Outcomes {

    private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

    private final ListRuns lists;

    public Outcomes(ListRuns lists) {
        this.lists = lists;
    }

    public void record(Exchange exchange) {
        Item item = exchange.getProperty(Planner.ITEM, Item.class);
        // Read by hand: the routes set it as text, and Camel's generic String-to-enum conversion is a
        // slow search that once took a third of the CPU.
        Object header = exchange.getIn().getHeader(Planner.OUTCOME);
        Outcome outcome = header instanceof Outcome o ? o : Outcome.valueOf(header.toString());
        int attempts = exchange.getProperty(Planner.ATTEMPTS, 0, Integer.class);
        String file = exchange.getProperty(ImageSaver.FILE, String.class);
        long bytes = exchange.getProperty(ImageSaver.BYTES, -1L, Long.class);
        var run = lists.find(item.runId());
        if (run.isEmpty()) {
            LOG.debug("Outcome for a closed run, line {}: {}", item.line(), outcome);
            return;
        }
        if (outcome == Outcome.SKIPPED) {
            bytes = run.get().folder.resolve(file).toFile().length(); // 0 if it vanished meanwhile
        }
        // A download that succeeded on a retry still carries the first attempt's failure: not its story.
        Exception error = outcome == Outcome.DOWNLOADED ? null : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = error != null ? reason(error) : item.reason();
        long millis = (System.nanoTime() - exchange.getProperty(Planner.STARTED, Long.class)) / 1_000_000;
        ItemResult result = new ItemResult(item, outcome, status(exchange, error), file, bytes,
                attempts > 0 ? exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class) : null,
                attempts, millis, reason);
        if (error instanceof StorageException) {
            lists.storageFailed(item.runId(), error.getMessage());
        }
        if (outcome == Outcome.FAILED) {
            LOG.warn("{} line {}: {} failed after {} attempt(s): {}",
                    run.get().listName, item.line(), item.url(), attempts, reason);
        }
        lists.record(result);
    }

    private static int status(Exchange exchange, Exception error) {
        if (error instanceof FetchException fe && fe.status() > 0) {
            return fe.status();
        }
        return exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
    }

    /** A one-line reason an operator can act on, never a stack trace. */
    static String reason(Throwable error) {
        if (error instanceof FetchException || error instanceof RejectedException || error instanceof StorageException
                || error instanceof AddressGuard.BlockedAddressException || error instanceof DeadlineInputStream.TooSlowException) {
            return error.getMessage();
        }
        String message = error.getMessage();
        String kind = error.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + message;
    }
}
