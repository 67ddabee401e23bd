package org.imagedownloader.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.TopicInfo;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * How this daemon's Kafka consumers join their topics (Camel asks the one bean of this kind for every
 * consumer; both consumers start only once {@link Brokers} has made sure the topics exist). The items
 * topic is shared by the daemons as one consumer group; what has ended is committed before a partition
 * goes to another daemon, and a partition that comes starts where its last owner left it. The outcomes topic
 * is read whole by every daemon, since each keeps the runs of the lists it took and honours the pauses any
 * daemon met: its partitions are assigned directly, without a group, starting as far back as a pause may
 * still be in force (the outcomes of that time belong to runs this daemon did not open, and are dropped).
 * Lists are opened only once that start is fixed, so not one outcome of this daemon's runs can pass
 * before its consumer is there to read it. If Camel subscribes again (a new consumer after an error),
 * reading goes on from where it was.
 */
public final class Subscriptions implements SubscribeAdapter {

    private static final Duration LOOKUP = Duration.ofSeconds(5);

    private final String outcomesTopic;
    private final ItemCommits commits;
    private final Duration lookBack;
    /** Per partition of the outcomes topic, the offset to read next. */
    private final Map<Integer, Long> next = new ConcurrentHashMap<>();
    /** Per partition of the outcomes topic, where it ended when this daemon started reading it. */
    private final Map<Integer, Long> endAtStart = new ConcurrentHashMap<>();
    private volatile boolean ready;
    private volatile boolean caughtUp;

    /** @param lookBack how far back the outcomes topic is read at start, for pauses still in force */
    public Subscriptions(String outcomesTopic, ItemCommits commits, Duration lookBack) {
        this.outcomesTopic = outcomesTopic;
        this.commits = commits;
        this.lookBack = lookBack;
    }

    /** The outcomes consumer reads every partition from a fixed point on. */
    public boolean ready() {
        return ready;
    }

    /**
     * The outcomes consumer has read what the topic held when it started, so every pause still in force
     * is known here: until then this daemon downloads nothing, lest it send a paused host a request.
     */
    public boolean caughtUp() {
        if (!caughtUp && ready) {
            caughtUp = endAtStart.entrySet().stream().allMatch(e -> next.getOrDefault(e.getKey(), 0L) >= e.getValue());
        }
        return caughtUp;
    }

    @Override
    public void subscribe(Consumer<?, ?> consumer, ConsumerRebalanceListener listener, TopicInfo topic) {
        if (!topic.isPattern() && topic.getTopics().contains(outcomesTopic)) {
            assignOutcomes(consumer);
            return;
        }
        ConsumerRebalanceListener committing = new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                commits.revoked(consumer, partitions);
                listener.onPartitionsRevoked(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                listener.onPartitionsAssigned(partitions);
                commits.assigned(consumer, partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                commits.lost(partitions);
                listener.onPartitionsLost(partitions);
            }
        };
        if (topic.isPattern()) {
            consumer.subscribe(topic.getPattern(), committing);
        } else {
            consumer.subscribe(topic.getTopics(), committing);
        }
    }

    private void assignOutcomes(Consumer<?, ?> consumer) {
        List<PartitionInfo> partitions = consumer.partitionsFor(outcomesTopic, LOOKUP);
        // A topic created a moment ago may not be in every broker's metadata yet.
        for (int tries = 0; (partitions == null || partitions.isEmpty()) && tries < 50; tries++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            partitions = consumer.partitionsFor(outcomesTopic, LOOKUP);
        }
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("Kafka topic " + outcomesTopic + " has no partitions"); // Camel tries again
        }
        List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(all);
        long since = System.currentTimeMillis() - lookBack.toMillis();
        Map<TopicPartition, Long> times = new HashMap<>();
        all.stream().filter(p -> !next.containsKey(p.partition())).forEach(p -> times.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> recent = times.isEmpty() ? Map.of() : consumer.offsetsForTimes(times, LOOKUP);
        if (endAtStart.isEmpty()) {
            consumer.endOffsets(all, LOOKUP).forEach((p, end) -> endAtStart.put(p.partition(), end));
        }
        for (TopicPartition p : all) {
            Long from = next.get(p.partition());
            OffsetAndTimestamp first = recent.get(p);
            if (from != null) {
                consumer.seek(p, from);
            } else if (first != null) {
                consumer.seek(p, first.offset());
                next.put(p.partition(), first.offset());
            } else {
                consumer.seekToEnd(List.of(p));
                next.put(p.partition(), consumer.position(p, LOOKUP)); // fixed now, not at the first poll
            }
        }
        ready = true;
    }

    /** A poll of outcome records read: reading would go on after them. */
    public void read(Exchange poll) {
        for (Exchange record : Records.records(poll)) {
            next.put(record.getIn().getHeader(KafkaConstants.PARTITION, Integer.class),
                    record.getIn().getHeader(KafkaConstants.OFFSET, Long.class) + 1);
        }
    }
}
