package org.imagedownloader.fetch;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * Sorts an HTTP answer: 2xx goes on to the content filter; statuses that may pass later are thrown as
 * retryable (with Retry-After turned into the next redelivery's delay); the rest fail for good.
 */
public final class ResponseCheck {

    static final Set<Integer> RETRYABLE = Set.of(408, 429, 500, 502, 503, 504);

    private final Duration retryAfterMax;

    public ResponseCheck(Duration retryAfterMax) {
        this.retryAfterMax = retryAfterMax;
    }

    public void check(Exchange exchange) throws FetchException, IOException {
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 200 && status < 300) {
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
        if (wait.isPresent()) {
            Duration capped = wait.get().compareTo(retryAfterMax) > 0 ? retryAfterMax : wait.get();
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, capped.toMillis());
            reason += " (Retry-After " + header.trim() + ")";
        }
        throw new RetryableFetchException(reason, status);
    }
}
