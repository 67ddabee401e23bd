package org.imagedownloader.store;

import java.util.Optional;
import org.apache.camel.Exchange;
import org.imagedownloader.attempt.Attempt;
import org.apache.hc.core5.http.HttpHeaders;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.Outcome;

/**
 * Decides, before any network traffic, whether an item needs fetching: a URL whose file is already in its
 * folder (saved by an earlier run, or by another writer) is skipped, which is what makes re-running a list
 * (or resuming after a crash) fetch only what is missing; with a conditional refresh, such a URL is asked
 * again with the validators its server sent. It reads only the item and the folder; a store that cannot be
 * reached is asked again by the redelivery policy, as {@code fetch.Failures} says.
 */
public final class Planner {

    private final Store store;
    private final boolean conditionalRefresh;

    /** @param conditionalRefresh whether a URL whose file is there is asked again with its validators */
    public Planner(Store store, boolean conditionalRefresh) {
        this.store = store;
        this.conditionalRefresh = conditionalRefresh;
    }

    public void plan(Exchange exchange) {
        Attempt attempt = Attempt.of(exchange);
        Item item = attempt.item();
        // Only this planner decides on conditional headers, whatever came with the message.
        exchange.getIn().removeHeader(HttpHeaders.IF_NONE_MATCH);
        exchange.getIn().removeHeader(HttpHeaders.IF_MODIFIED_SINCE);
        // A plan made again (the store was away) starts afresh: what the last one found is gone with it.
        attempt.decide(null, null, null);
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        if (item.verdict() != null) {
            attempt.decide(item.verdict(), null, null); // decided by whoever wrote the item
            return;
        }
        ListStore list;
        try {
            list = store.list(item.folder());
        } catch (IllegalArgumentException e) {
            // A message naming no folder of ours (written by another program): nothing is fetched or written.
            attempt.decide(Outcome.INVALID, null, null);
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, e);
            return;
        }
        Optional<Saved> existing;
        Optional<Validators> validators;
        try {
            existing = list.existing(item.url());
            validators = existing.isPresent() && conditionalRefresh
                    ? list.validators(item.url(), existing.get().name()) : Optional.empty();
        } catch (StoreUnreachableException e) {
            // Failed unless a plan made again, when the store is back, decides otherwise; fetch.Failures says how long it waits.
            attempt.decide(Outcome.FAILED, null, null);
            throw e;
        } catch (StorageException e) {
            // Our storage failing is our disk failing, not a bug: the item fails now, unfetched, with the reason.
            attempt.decide(Outcome.FAILED, null, null);
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, e);
            return;
        }
        existing.ifPresent(saved -> {
            if (validators.isEmpty()) {
                attempt.decide(Outcome.SKIPPED, saved.name(), null);
                // What the report says of it, found with it: the outcome needs no store call that could fail.
                attempt.stored(saved.name(), saved.size(), saved.sha256());
                return;
            }
            // Headers of the message before the first attempt: every attempt sends them again.
            attempt.refresh(saved.name(), saved.size(), saved.sha256());
            if (validators.get().etag() != null) {
                exchange.getIn().setHeader(HttpHeaders.IF_NONE_MATCH, validators.get().etag());
            }
            if (validators.get().modified() != null) {
                exchange.getIn().setHeader(HttpHeaders.IF_MODIFIED_SINCE, validators.get().modified());
            }
        });
    }

    /** Whether the plan was made (a store that stayed away fails it) and leaves the item to fetch. */
    public boolean planned(Exchange exchange) {
        return toFetch(exchange) && exchange.getProperty(Exchange.EXCEPTION_CAUGHT) == null;
    }

    /** Whether the item still needs a request: nothing (the plan, a 304 answer) has decided its outcome. */
    public boolean toFetch(Exchange exchange) {
        return Attempt.of(exchange).outcome() == null;
    }

    /**
     * Counts one request about to be made. Kept in the attempt state because each redelivery restores the
     * message as it was before the first attempt.
     */
    public void countAttempt(Exchange exchange) {
        Attempt.of(exchange).requested();
    }

    /** The URL to ask, for the HTTP endpoint's CamelHttpUri header. */
    public String url(Exchange exchange) {
        return Attempt.of(exchange).item().url().toString();
    }
}
