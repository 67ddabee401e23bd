package org.imagedownloader.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.errorhandler.KafkaConsumerListener;
import org.apache.camel.component.kafka.consumer.support.ProcessingResult;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
 * be used from its own thread) and pauses the partitions while the local queue is full (the consumer
 * keeps polling, so it stays in its group however long the downloads take) until its check, the
 * Pausable EIP's {@code untilCheck}, says there is room again.
 */
public final class ItemCommits extends KafkaConsumerListener {

    /** Exchange property: the item's record, for {@link #ended}. */
    public static final String RECORD = "itemRecord";

    private static final Logger LOG = LoggerFactory.getLogger(ItemCommits.class);

    private final Offsets<TopicPartition> offsets = new Offsets<>();
    private final Map<TopicPartition, Long> toCommit = new ConcurrentHashMap<>();
    private volatile Predicate<Object> room = x -> true;

    private record Position(TopicPartition partition, long offset) {
    }

    /** An item record taken from the topic: remembered until it ends. */
    public void taken(Exchange exchange) {
        var in = exchange.getIn();
        Position at = new Position(new TopicPartition(in.getHeader(KafkaConstants.TOPIC, String.class),
                in.getHeader(KafkaConstants.PARTITION, Integer.class)), in.getHeader(KafkaConstants.OFFSET, Long.class));
        offsets.taken(at.partition, at.offset);
        exchange.setProperty(RECORD, at);
    }

    /** The item's outcome is on the outcomes topic (or it needs none): its record may be committed. */
    public void ended(Exchange exchange) {
        if (exchange.getProperty(RECORD) instanceof Position at) {
            exchange.removeProperty(RECORD); // an outcome sent again must not end it twice
            offsets.ended(at.partition, at.offset)
                    .ifPresent(next -> toCommit.merge(at.partition, next, Math::max));
        }
    }

    /** Records taken and not yet committed. */
    public int out() {
        return offsets.out();
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
        // Paused anew each time: partitions assigned by a rebalance meanwhile start out resumed.
        if (!room.test(null)) {
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
        return true; // false would make Camel drop the records of this poll
    }

    /** Every record is handed on whatever happens to it, so no failure pauses the consumer. */
    @Override
    public boolean afterProcess(ProcessingResult result) {
        return true;
    }

    private void commit(Consumer<?, ?> consumer) {
        if (toCommit.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> batch = new HashMap<>();
        for (TopicPartition p : Set.copyOf(toCommit.keySet())) {
            Long next = toCommit.remove(p);
            if (next != null) {
                batch.put(p, new OffsetAndMetadata(next));
            }
        }
        consumer.commitAsync(batch, (committed, error) -> {
            if (error != null) {
                // The next commit of these partitions covers these offsets too; until then at worst a
                // few finished items are fetched again (and found saved) after a restart.
                LOG.debug("Commit of {} failed: {}", committed, error.getMessage());
            }
        });
    }
}
