package org.imagedownloader.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the items topic as far as it is done (see {@link Offsets}), keeps the daemon from taking more
 * items than its downloads can soon start, and hands a partition over whole when it moves.
 * <p>
 * Camel's commit managers commit a record once the route has handed it on, long before it is
 * downloaded. So this listener, called on the consumer's thread after every poll (a Kafka consumer is
 * used from its own thread only), commits what has ended and pauses the partitions while enough items
 * are out (the consumer keeps polling, so it stays in its group) until the Pausable EIP's check says
 * there is room again.
 * <p>
 * A partition that moves takes its hosts with it, and the next daemon must not start on them while this
 * one still sends them requests: its items still queued here are taken out of the queue, the ones
 * downloading are waited for (up to a bound), and only then is the partition committed and let go.
 */
public final class ItemCommits extends KafkaConsumerListener {

    /** Exchange property: the item's record, for {@link #ended}. */
    private static final String RECORD = "itemRecord";

    /**
     * Commits are at most this often: each names every item still out, and the consumer polls every few
     * milliseconds while paused. A daemon that dies does at most this much more again at its successor.
     */
    private static final long COMMIT_EVERY_NANOS = Duration.ofMillis(100).toNanos();

    /**
     * Items of one partition in hand at most: about as many holes as one commit's metadata lists. A host
     * with more (many lists on one slow host) holds back only its own partition's other hosts.
     */
    static final int PER_PARTITION = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(ItemCommits.class);

    private final Offsets<TopicPartition> offsets = new Offsets<>();
    /** Partitions with something ended since their last commit. */
    private final Set<TopicPartition> toCommit = ConcurrentHashMap.newKeySet();
    private final InHand inHand = new InHand();
    /** Paused here for want of room; partitions Camel pauses itself (on shutdown) are Camel's. */
    private final Set<TopicPartition> pausedHere = new HashSet<>();
    /** Assigned, but where to start is not known yet (the brokers did not answer): nothing is taken. */
    private final Set<TopicPartition> unplaced = new HashSet<>();
    private boolean commitFailureTold;
    private final BooleanSupplier stopping;
    private final Predicate<Predicate<Exchange>> unqueue;
    private final Duration letGo;
    private volatile Predicate<Object> room = x -> true;
    /** When the consumer last committed (its thread only). */
    private long committedAt = System.nanoTime() - COMMIT_EVERY_NANOS;

    /**
     * @param stopping the daemon is shutting down: take no more items
     * @param unqueue  takes the queued items that match out of the download queue
     * @param letGo    how long a moving partition's downloads are waited for
     */
    public ItemCommits(BooleanSupplier stopping, Predicate<Predicate<Exchange>> unqueue, Duration letGo) {
        this.stopping = stopping;
        this.unqueue = unqueue;
        this.letGo = letGo;
    }

    /** @param inHand its partition's count of items in hand when it was taken: a later owner's is another */
    private record Position(TopicPartition partition, long offset, AtomicInteger inHand) {}

    /**
     * An item record taken from the topic: remembered until it ends. False for one an earlier owner of
     * its partition had already done, which is passed by.
     */
    public boolean taken(Exchange exchange) {
        var in = exchange.getIn();
        TopicPartition partition = new TopicPartition(in.getHeader(KafkaConstants.TOPIC, String.class),
                in.getHeader(KafkaConstants.PARTITION, Integer.class));
        long offset = in.getHeader(KafkaConstants.OFFSET, Long.class);
        if (!offsets.taken(partition, offset)) {
            return false;
        }
        exchange.setProperty(RECORD, new Position(partition, offset, inHand.take(partition)));
        return true;
    }

    /** The item's outcome is on the outcomes topic (or it needs none): its record is done. */
    public void ended(Exchange exchange) {
        if (exchange.removeProperty(RECORD) instanceof Position at) { // an outcome sent again ends nothing
            inHand.let(at.inHand);
            if (offsets.ended(at.partition, at.offset)) {
                toCommit.add(at.partition);
            }
        }
    }

    /** The outcomes gathered in one send are on the outcomes topic: their items' records are done. */
    public void allEnded(List<Exchange> outcomes) {
        outcomes.forEach(this::ended);
    }

    /**
     * Items taken and not ended: queued, downloading, or with an outcome waiting for the brokers (so that
     * an outage of the brokers does not let a daemon download everything the consumer fetched ahead).
     */
    public int out() {
        return inHand.all();
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
        if (!unplaced.isEmpty()) {
            assigned(consumer, Set.copyOf(unplaced));
        }
        commit(consumer);
        // Decided anew each time: partitions assigned by a rebalance meanwhile start out resumed.
        boolean room = this.room.test(null);
        boolean stop = stopping.getAsBoolean();
        Set<TopicPartition> paused = consumer.paused();
        Set<TopicPartition> toPause = new HashSet<>();
        Set<TopicPartition> toResume = new HashSet<>();
        for (TopicPartition p : consumer.assignment()) {
            boolean full = !room || unplaced.contains(p) || inHand.of(p) >= PER_PARTITION;
            if (full && !paused.contains(p)) {
                toPause.add(p);
            } else if (!full && !stop && pausedHere.contains(p)) {
                toResume.add(p);
            }
        }
        consumer.pause(toPause);
        pausedHere.addAll(toPause);
        consumer.resume(toResume);
        pausedHere.removeAll(toResume);
        return true; // false would make Camel drop the records of this poll
    }

    /** Every record is handed on whatever happens to it, so no failure pauses the consumer. */
    @Override
    public boolean afterProcess(ProcessingResult result) {
        return true;
    }

    /**
     * Partitions now this daemon's, each started at the first hole its last commit lists; if the brokers
     * cannot tell that now, they wait, paused, to be asked again after the next poll (not started elsewhere).
     */
    void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Set<TopicPartition> them = Set.copyOf(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed;
        Map<TopicPartition, Long> logStart;
        try {
            committed = consumer.committed(them);
            logStart = consumer.beginningOffsets(them);
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.info("Where {} starts is not known yet ({}): asked again shortly", them, e.getMessage());
            unplaced.addAll(them);
            consumer.pause(them);
            pausedHere.addAll(them);
            return;
        }
        for (TopicPartition p : them) {
            OffsetAndMetadata last = committed.get(p);
            long first = logStart.getOrDefault(p, 0L);
            long from = last == null ? first : last.offset();
            long start;
            try {
                start = offsets.assigned(p, from, last == null ? null : last.metadata(), first);
            } catch (IllegalArgumentException e) {
                LOG.warn("Partition {} starts at its committed offset {}: {}", p, from, e.getMessage());
                start = offsets.assigned(p, from, null, first);
            }
            consumer.seek(p, start);
            unplaced.remove(p);
        }
    }

    /**
     * Partitions about to go to another daemon (or the daemon stops): their queued items are dropped
     * (the next owner takes them), their downloads finish, and then where they stand is committed.
     */
    void revoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Set<TopicPartition> gone = Set.copyOf(partitions);
        unplaced.removeAll(gone);
        dropQueued(gone);
        commitNow(consumer, gone); // what has ended so far, in case the wait below is cut short
        // A stopping daemon has let its downloads run for the grace already (Camel suspends this consumer and
        // drains the download queue before it stops the consumer): what still runs ends with the stop.
        boolean stop = stopping.getAsBoolean();
        int left = inHand.awaitNone(gone, stop ? Duration.ZERO : letGo);
        if (left > 0 && !stop) {
            LOG.warn("Handing over {} with {} download(s) of it still running here after {} s", gone, left,
                    letGo.toSeconds());
        }
        commitNow(consumer, gone);
        forget(gone);
    }

    private void commitNow(Consumer<?, ?> consumer, Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> batch = take(partitions);
        try {
            if (!batch.isEmpty()) {
                consumer.commitSync(batch);
            }
        } catch (KafkaException e) {
            // Not fatal: the next owner starts further back and finds those items saved.
            LOG.info("Could not commit {} before handing it over: {}", batch.keySet(), e.getMessage());
        }
    }

    /** Partitions taken from this daemon without a hand-over (it was taken for dead): nothing to commit. */
    void lost(Collection<TopicPartition> partitions) {
        Set<TopicPartition> gone = Set.copyOf(partitions);
        unplaced.removeAll(gone);
        dropQueued(gone);
        forget(gone);
    }

    private void dropQueued(Set<TopicPartition> gone) {
        unqueue.test(e -> {
            if (e.getProperty(RECORD) instanceof Position at && gone.contains(at.partition)) {
                e.removeProperty(RECORD);
                inHand.let(at.inHand);
                return true;
            }
            return false;
        });
    }

    private void forget(Set<TopicPartition> gone) {
        offsets.forget(gone);
        toCommit.removeAll(gone);
        pausedHere.removeAll(gone);
        inHand.forget(gone);
    }

    private void commit(Consumer<?, ?> consumer) {
        long now = System.nanoTime();
        if (toCommit.isEmpty() || now - committedAt < COMMIT_EVERY_NANOS) {
            return;
        }
        committedAt = now;
        Map<TopicPartition, OffsetAndMetadata> batch = take(Set.copyOf(toCommit));
        consumer.commitAsync(batch, (committed, error) -> {
            if (error != null) {
                toCommit.addAll(committed.keySet()); // tried again with the next commit
                if (!commitFailureTold) {
                    commitFailureTold = true; // the brokers away are told by Brokers; a refusal only here
                    LOG.warn("Could not commit the items topic, trying again: {}", error.getMessage());
                }
            }
        });
    }

    private Map<TopicPartition, OffsetAndMetadata> take(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> batch = new HashMap<>();
        for (TopicPartition p : partitions) {
            toCommit.remove(p);
            if (offsets.owns(p)) {
                Offsets.Commit at = offsets.commit(p);
                batch.put(p, new OffsetAndMetadata(at.offset(), at.metadata()));
            }
        }
        return batch;
    }
}
