package org.imagedownloader.store;

import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.hc.core5.http.HttpHeaders;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.Outcome;

/**
 * Decides, before any network traffic, whether an item needs fetching: a URL whose file is already in its
 * folder (saved by an earlier run, or by another writer) is skipped, which is what makes re-running a list
 * (or resuming after a crash) fetch only what is missing; with a conditional refresh, such a URL is asked
 * again with the validators its server sent. It reads only the item and the folder.
 */
public final class Planner {

    public static final String ITEM = "item";
    public static final String URL = "url";
    public static final String STARTED = "itemStartedNanos";
    /** Set when the item needs no fetch; the download route tests it. */
    public static final String OUTCOME = "outcome";
    public static final String ATTEMPTS = "attempts";
    public static final String ATTEMPT_STARTED = "attemptStartedNanos";
    /** The URL's own file, asked for again with its validators (a conditional refresh). */
    public static final String REFRESH = "refreshFile";

    private final Folders folders;
    private final boolean conditionalRefresh;

    /** @param conditionalRefresh whether a URL whose file is there is asked again with its validators */
    public Planner(Folders folders, boolean conditionalRefresh) {
        this.folders = folders;
        this.conditionalRefresh = conditionalRefresh;
    }

    public void plan(Exchange exchange) {
        Item item = exchange.getIn().getBody(Item.class);
        // Only this planner decides on conditional headers, whatever came with the message.
        exchange.getIn().removeHeader(HttpHeaders.IF_NONE_MATCH);
        exchange.getIn().removeHeader(HttpHeaders.IF_MODIFIED_SINCE);
        exchange.setProperty(ITEM, item);
        exchange.setProperty(STARTED, System.nanoTime());
        exchange.setProperty(ATTEMPTS, 0);
        if (item.verdict() != null) {
            exchange.setProperty(OUTCOME, item.verdict()); // decided by whoever wrote the item
            return;
        }
        exchange.setProperty(URL, item.url().toString());
        FolderIndex index;
        try {
            index = folders.index(item.folder());
        } catch (IllegalArgumentException e) {
            // A message naming no folder of ours (written by another program): nothing is fetched or written.
            exchange.setProperty(OUTCOME, Outcome.INVALID);
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, e);
            return;
        }
        index.existingFile(item.url()).ifPresent(file -> {
            var validators = conditionalRefresh ? index.validators(item.url(), file) : Optional.<FolderIndex.Validators>empty();
            if (validators.isEmpty()) {
                exchange.setProperty(OUTCOME, Outcome.SKIPPED);
                exchange.setProperty(ImageSaver.FILE, file);
                return;
            }
            // Headers of the message before the first attempt: every attempt sends them again.
            exchange.setProperty(REFRESH, file);
            if (validators.get().etag() != null) {
                exchange.getIn().setHeader(HttpHeaders.IF_NONE_MATCH, validators.get().etag());
            }
            if (validators.get().modified() != null) {
                exchange.getIn().setHeader(HttpHeaders.IF_MODIFIED_SINCE, validators.get().modified());
            }
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
