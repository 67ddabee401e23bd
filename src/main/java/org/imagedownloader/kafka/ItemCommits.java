package org.imagedownloader.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.errorhandler.KafkaConsumerListener;
import org.apache.camel.component.kafka.consumer.support.ProcessingResult;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the items topic only as far as its items have ended (see {@link Offsets}), and keeps the
 * daemon from taking more items than its downloads can soon start.
 * <p>
 * Camel's own commit managers commit a record once the route has handed it on, which here is long
 * before it is downloaded. So the items consumer runs without them, and this listener, which Camel
 * calls on the consumer's thread after every poll, commits what has ended (a Kafka consumer must only
 * be used from its own thread) and pauses the partitions while enough items are out (the consumer
 * keeps polling, so it stays in its group however long the downloads take) until its check, the
 * Pausable EIP's {@code untilCheck}, says there is room again.
 */
public final class ItemCommits extends KafkaConsumerListener {

    /** Exchange property: the item's record, for {@link #ended}. */
    private static final String RECORD = "itemRecord";

    private static final Logger LOG = LoggerFactory.getLogger(ItemCommits.class);

    private final Offsets<TopicPartition> offsets = new Offsets<>();
    private final Map<TopicPartition, Long> toCommit = new ConcurrentHashMap<>();
    /** Paused here for want of room; partitions Camel pauses itself (on shutdown) are Camel's. */
    private final Set<TopicPartition> pausedHere = new HashSet<>();
    private final AtomicInteger out = new AtomicInteger();
    private final BooleanSupplier stopping;
    private volatile Predicate<Object> room = x -> true;

    /** @param stopping the daemon is shutting down: take no more items */
    public ItemCommits(BooleanSupplier stopping) {
        this.stopping = stopping;
    }

    private record Position(TopicPartition partition, long offset) {
    }

    /** An item record taken from the topic: remembered until it ends. */
    public void taken(Exchange exchange) {
        var in = exchange.getIn();
        Position at = new Position(new TopicPartition(in.getHeader(KafkaConstants.TOPIC, String.class),
                in.getHeader(KafkaConstants.PARTITION, Integer.class)), in.getHeader(KafkaConstants.OFFSET, Long.class));
        offsets.taken(at.partition, at.offset);
        exchange.setProperty(RECORD, at);
        out.incrementAndGet();
    }

    /** The item's outcome is on the outcomes topic (or it needs none): its record may be committed. */
    public void ended(Exchange exchange) {
        if (exchange.getProperty(RECORD) instanceof Position at) {
            exchange.removeProperty(RECORD); // an outcome sent again must not end it twice
            out.decrementAndGet();
            offsets.ended(at.partition, at.offset).ifPresent(next -> toCommit.merge(at.partition, next, Math::max));
        }
    }

    /**
     * Items taken and not ended: queued, downloading, or with an outcome waiting for the brokers. What
     * the consumer may take next depends on this, not on the queue alone, so an outage of the brokers
     * does not let a daemon download everything the consumer had fetched ahead.
     */
    public int out() {
        return out.get();
    }

    /** Whether more items may be taken now (the Pausable EIP hands it over). */
    @Override
    @SuppressWarnings("unchecked")
    public void setResumableCheck(Predicate<?> room) {
        this.room = (Predicate<Object>) room;
    }

    @Override
    public boolean afterConsume(Object kafkaConsumer) {
        Consumer<?, ?> consumer = (Consumer<?, ?>) kafkaConsumer;
        commit(consumer);
        if (!room.test(null)) {
            // Paused anew each time: partitions assigned by a rebalance meanwhile start out resumed.
            Set<TopicPartition> running = new HashSet<>(consumer.assignment());
            running.removeAll(consumer.paused());
            consumer.pause(running);
            pausedHere.addAll(running);
        } else if (!pausedHere.isEmpty() && !stopping.getAsBoolean()) {
            pausedHere.retainAll(consumer.assignment());
            consumer.resume(pausedHere);
            pausedHere.clear();
        }
        return true; // false would make Camel drop the records of this poll
    }

    /** Every record is handed on whatever happens to it, so no failure pauses the consumer. */
    @Override
    public boolean afterProcess(ProcessingResult result) {
        return true;
    }

    /** Partitions about to go to another daemon (or the daemon stops): what has ended is committed now. */
    void revoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> batch = take(partitions);
        pausedHere.removeAll(partitions);
        if (!batch.isEmpty()) {
            try {
                consumer.commitSync(batch);
            } catch (KafkaException e) {
                // Not fatal: those items are fetched again by the next owner and found saved.
                LOG.info("Could not commit {} before handing it over: {}", batch.keySet(), e.getMessage());
            }
        }
    }

    private void commit(Consumer<?, ?> consumer) {
        Map<TopicPartition, OffsetAndMetadata> batch = take(Set.copyOf(toCommit.keySet()));
        if (batch.isEmpty()) {
            return;
        }
        consumer.commitAsync(batch, (committed, error) -> {
            if (error != null) {
                // Tried again with the next commit, unless a later offset of the partition is due by then.
                committed.forEach((p, o) -> toCommit.merge(p, o.offset(), Math::max));
            }
        });
    }

    private Map<TopicPartition, OffsetAndMetadata> take(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> batch = new HashMap<>();
        for (TopicPartition p : partitions) {
            Long next = toCommit.remove(p);
            if (next != null) {
                batch.put(p, new OffsetAndMetadata(next));
            }
        }
        return batch;
    }
}
