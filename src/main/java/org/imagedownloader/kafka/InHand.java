package org.imagedownloader.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;

/**
 * Items taken from the items topic by this daemon and not ended (queued, downloading, or with an outcome
 * waiting for the brokers), in all and per partition. Each item counts against the partition's count as
 * it was when the item was taken: a partition that goes and comes back starts a count of its own, which
 * an item of the one before does not touch.
 */
final class InHand {

    private final Map<TopicPartition, AtomicInteger> partitions = new ConcurrentHashMap<>();
    private final AtomicInteger all = new AtomicInteger();

    /** An item taken: returns the count it belongs to, to hand back to {@link #let}. */
    AtomicInteger take(TopicPartition partition) {
        AtomicInteger count = partitions.computeIfAbsent(partition, p -> new AtomicInteger());
        count.incrementAndGet();
        all.incrementAndGet();
        return count;
    }

    /** An item ended, or dropped from the queue. */
    void let(AtomicInteger count) {
        count.decrementAndGet();
        all.decrementAndGet();
    }

    int all() {
        return all.get();
    }

    int of(TopicPartition partition) {
        AtomicInteger count = partitions.get(partition);
        return count == null ? 0 : count.get();
    }

    int of(Collection<TopicPartition> some) {
        return some.stream().mapToInt(this::of).sum();
    }

    /** Waits until none of these partitions' items is in hand, up to the bound; returns how many still are. */
    int awaitNone(Collection<TopicPartition> some, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (of(some) > 0 && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return of(some);
    }

    void forget(Collection<TopicPartition> gone) {
        partitions.keySet().removeAll(gone);
    }
}
