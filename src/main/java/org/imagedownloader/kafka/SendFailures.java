package org.imagedownloader.kafka;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says, at most once a minute, why sends to Kafka are being tried again. They are retried until they
 * succeed (dropping one would lose an item or an outcome); when the brokers answer but refuse (a denied
 * topic, say), this is the operator's only sign.
 */
public final class SendFailures implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(SendFailures.class);
    private static final long QUIET_NANOS = 60_000_000_000L;

    private final AtomicLong lastSaid = new AtomicLong(System.nanoTime() - QUIET_NANOS);
    private final AtomicLong failures = new AtomicLong();

    @Override
    public void process(Exchange exchange) {
        long n = failures.incrementAndGet();
        long last = lastSaid.get();
        long now = System.nanoTime();
        if (now - last >= QUIET_NANOS && lastSaid.compareAndSet(last, now)) {
            Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            LOG.warn("Sends to Kafka are failing ({} retries so far): {}; trying again", n,
                    cause == null ? "unknown" : cause.getMessage());
        }
    }
}
