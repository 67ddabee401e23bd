package org.imagedownloader.fetch;

import org.imagedownloader.attempt.Attempt;
import org.imagedownloader.attempt.Reasons;
import org.imagedownloader.attempt.FetchException;
import org.imagedownloader.polite.Network;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.imagedownloader.message.Headers;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.ItemResult;
import org.imagedownloader.message.Outcome;

/** Turns the end of an item's route into its outcome message, for the list side to add up. */
public final class Outcomes {

    private final Network network;
    private final Consumer<ItemResult> fetched;

    /** @param fetched told of every item's result here (the metrics of this process's downloads) */
    public Outcomes(Network network, Consumer<ItemResult> fetched) {
        this.network = network;
        this.fetched = fetched;
    }

    public ItemResult result(Exchange exchange) {
        Attempt attempt = Attempt.of(exchange);
        Item item = attempt.item();
        int attempts = attempt.attempts();
        String file = attempt.file();
        long bytes = attempt.bytes();
        Outcome outcome = attempt.outcome();
        // A download that succeeded on a retry still carries the first attempt's failure: not its story.
        Exception error = bytes >= 0 ? null : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Failures.Verdict verdict = error == null ? null : Failures.verdict(error);
        if (outcome == null) {
            outcome = verdict != null ? verdict.outcome() : Outcome.DOWNLOADED;
        }
        String sha256 = attempt.sha256();
        String reason = error != null ? Objects.requireNonNullElse(network.explain(error), Reasons.of(error))
                : attempt.note() != null ? attempt.note() : item.reason();
        long millis = item.verdict() != null ? 0 : (System.nanoTime() - attempt.startedNanos()) / 1_000_000;
        ItemResult result = new ItemResult(item, outcome, status(exchange, error), file, bytes,
                attempts > 0 ? exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class) : null,
                attempts, millis, reason, verdict != null && verdict.ourDisk(), sha256, attempt.width(), attempt.height());
        fetched.accept(result);
        // The outcome message carries its run and nothing of the response it came from.
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Headers.RUN_ID, item.runId());
        return result;
    }

    private static int status(Exchange exchange, Exception error) {
        if (error instanceof FetchException fe && fe.status() > 0) {
            return fe.status();
        }
        return exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
    }
}
