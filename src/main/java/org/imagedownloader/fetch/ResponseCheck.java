package org.imagedownloader.fetch;

import org.imagedownloader.attempt.Attempt;
import org.imagedownloader.attempt.Bodies;
import org.imagedownloader.attempt.FetchException;
import org.imagedownloader.attempt.RetryableFetchException;
import org.imagedownloader.polite.Hosts;
import org.imagedownloader.polite.Network;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * Sorts an HTTP answer: 2xx goes on to the content filter; a 304 to a conditional refresh ends the item
 * skipped, its file as it was; statuses that may pass later are thrown as
 * retryable (with Retry-After turned into the next redelivery's delay); the rest fail for good. A host
 * that says it is overloaded (429, 503) is paused as a whole, for its Retry-After or else the backoff
 * delay the item would wait anyway.
 */
public final class ResponseCheck {

    static final Set<Integer> RETRYABLE = Set.of(408, 429, 500, 502, 503, 504);
    static final Set<Integer> SLOW_DOWN = Set.of(429, 503);

    private final Duration retryAfterMax;
    private final Hosts hosts;
    private final Duration retryDelay;
    private final Duration retryMaxDelay;
    private final Network network;

    /** @param retryDelay, retryMaxDelay the redelivery policy's first and longest delay, for a pause without Retry-After */
    public ResponseCheck(Duration retryAfterMax, Hosts hosts, Duration retryDelay, Duration retryMaxDelay,
                         Network network) {
        this.retryAfterMax = retryAfterMax;
        this.hosts = hosts;
        this.retryDelay = retryDelay;
        this.retryMaxDelay = retryMaxDelay;
        this.network = network;
    }

    /** The redelivery policy's delay after this many attempts, without its jitter. */
    Duration backoff(int attempts) {
        Duration delay = retryDelay.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 30));
        return delay.compareTo(retryMaxDelay) > 0 || delay.isNegative() ? retryMaxDelay : delay;
    }

    public void check(Exchange exchange) throws FetchException, IOException {
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        Attempt attempt = Attempt.of(exchange);
        network.answered(Hosts.of(attempt.item()));
        if (status >= 200 && status < 300) {
            return;
        }
        String refreshed = attempt.refresh();
        if (status == 304 && refreshed != null) {
            exchange.removeProperty(Exchange.EXCEPTION_CAUGHT); // an earlier attempt's failure is not its story
            attempt.notModified();
            return;
        }
        Bodies.discard(exchange.getIn().getBody(),
                exchange.getIn().getHeader(Exchange.CONTENT_LENGTH, -1L, Long.class));
        String reason = "HTTP " + status;
        if (!RETRYABLE.contains(status)) {
            throw new FetchException(reason, status);
        }
        String header = exchange.getIn().getHeader("Retry-After", String.class);
        var wait = RetryAfter.parse(header, Instant.now());
        Duration pause = backoff(Math.max(attempt.attempts(), 1));
        if (wait.isPresent()) {
            pause = wait.get().compareTo(retryAfterMax) > 0 ? retryAfterMax : wait.get();
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, pause.toMillis());
            reason += " (Retry-After " + header.trim() + ")";
        }
        if (SLOW_DOWN.contains(status)) {
            hosts.pause(exchange, pause, status);
        }
        throw new RetryableFetchException(reason, status);
    }
}
