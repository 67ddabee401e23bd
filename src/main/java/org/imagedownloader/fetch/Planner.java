package org.imagedownloader.fetch;

import org.apache.camel.Exchange;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.Outcome;
import org.imagedownloader.run.ListRuns;
import org.imagedownloader.store.ImageSaver;

/**
 * Decides, before any network traffic, whether an item needs fetching: invalid lines and in-list
 * duplicates were decided while reading; a URL whose file is already in the folder is skipped, which is
 * what makes re-running a list (or resuming after a crash) fetch only what is missing.
 */
public final class Planner {

    public static final String ITEM = "item";
    static final String URL = "url";
    static final String STARTED = "itemStartedNanos";
    static final String OUTCOME = "outcome";
    static final String ATTEMPTS = "attempts";
    public static final String ATTEMPT_STARTED = "attemptStartedNanos";

    private final ListRuns lists;

    public Planner(ListRuns lists) {
        this.lists = lists;
    }

    public void plan(Exchange exchange) {
        Item item = exchange.getIn().getBody(Item.class);
        exchange.setProperty(ITEM, item);
        exchange.setProperty(STARTED, System.nanoTime());
        exchange.setProperty(ATTEMPTS, 0);
        if (item.verdict() != null) {
            exchange.getIn().setHeader(OUTCOME, item.verdict());
            return;
        }
        exchange.setProperty(URL, item.url() == null ? null : item.url().toString());
        var run = lists.find(item.runId());
        if (run.isEmpty()) {
            // Its list was abandoned; the list stays in the inbox and this item is seen again next time.
            exchange.getIn().setHeader(OUTCOME, Outcome.FAILED);
            return;
        }
        run.get().index.existingFile(item.url()).ifPresent(file -> {
            exchange.getIn().setHeader(OUTCOME, Outcome.SKIPPED);
            exchange.setProperty(ImageSaver.FILE, file);
        });
    }

    /**
     * Counts one pass through the fetch route, i.e. one request. Kept as a property because each
     * redelivery restores the message as it was before the first attempt.
     */
    public void countAttempt(Exchange exchange) {
        exchange.setProperty(ATTEMPTS, exchange.getProperty(ATTEMPTS, 0, Integer.class) + 1);
        exchange.setProperty(ATTEMPT_STARTED, System.nanoTime());
    }
}
