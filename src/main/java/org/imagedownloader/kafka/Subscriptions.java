package org.imagedownloader.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.support.subcription.SubscribeAdapter;
import org.apache.camel.component.kafka.consumer.support.subcription.TopicInfo;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * How this daemon's Kafka consumers join their topics (Camel asks the one bean of this kind for every
 * consumer). Both wait until the topics exist, so that a consumer never makes the brokers create one
 * with their default partitions. The items topic is shared by the daemons as one consumer group. The outcomes
 * topic is read whole by every daemon, since each keeps the runs of the lists it took: its partitions are
 * assigned directly, without a group, starting at their end. Lists are opened only once that start is
 * fixed, so not one outcome of this daemon's runs can pass before its consumer is there to read it. If
 * Camel subscribes again (a new consumer after an error), reading goes on from where it was.
 */
public final class Subscriptions implements SubscribeAdapter {

    private static final Duration LOOKUP = Duration.ofSeconds(5);

    private final String outcomesTopic;
    private final BooleanSupplier topicsThere;
    /** Per partition of the outcomes topic, the offset to read next. */
    private final Map<Integer, Long> next = new ConcurrentHashMap<>();
    private volatile boolean ready;

    /** @param topicsThere whether both topics are known to exist (see {@link Brokers}) */
    public Subscriptions(String outcomesTopic, BooleanSupplier topicsThere) {
        this.outcomesTopic = outcomesTopic;
        this.topicsThere = topicsThere;
    }

    /** The outcomes consumer reads every partition from a fixed point on. */
    public boolean ready() {
        return ready;
    }

    @Override
    public void subscribe(Consumer<?, ?> consumer, ConsumerRebalanceListener listener, TopicInfo topic) {
        awaitTopics();
        if (topic.isPattern() || !topic.getTopics().contains(outcomesTopic)) {
            if (topic.isPattern()) {
                consumer.subscribe(topic.getPattern(), listener);
            } else {
                consumer.subscribe(topic.getTopics(), listener);
            }
            return;
        }
        List<PartitionInfo> partitions = consumer.partitionsFor(outcomesTopic, LOOKUP);
        while (partitions == null || partitions.isEmpty()) { // created a moment ago: not yet in every broker's metadata
            pause();
            partitions = consumer.partitionsFor(outcomesTopic, LOOKUP);
        }
        List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(all);
        for (TopicPartition p : all) {
            Long from = next.get(p.partition());
            if (from != null) {
                consumer.seek(p, from);
            } else {
                consumer.seekToEnd(List.of(p));
                next.put(p.partition(), consumer.position(p, LOOKUP)); // fixed now, not at the first poll
            }
        }
        ready = true;
    }

    /** Waits on this consumer's own thread: while the brokers are away it has nothing else to do. */
    private void awaitTopics() {
        while (!topicsThere.getAsBoolean()) {
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stopped while waiting for the Kafka brokers");
        }
    }

    /** An outcome record read: reading would go on after it. */
    public void read(Exchange exchange) {
        next.put(exchange.getIn().getHeader(KafkaConstants.PARTITION, Integer.class),
                exchange.getIn().getHeader(KafkaConstants.OFFSET, Long.class) + 1);
    }
}
