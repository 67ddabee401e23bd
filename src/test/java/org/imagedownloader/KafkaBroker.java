package org.imagedownloader;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.ConsumerGroupState;

/** A single-node KRaft broker in this JVM, from Kafka's own test kit at the clients' version. */
final class KafkaBroker implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private KafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    static KafkaBroker start() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // One broker: without these the group coordinator never becomes available.
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new KafkaBroker(cluster);
    }

    String bootstrap() {
        return cluster.bootstrapServers();
    }

    /**
     * Waits until the consumer group has this many members and is done rebalancing, i.e. every daemon
     * takes its share and none will hand items over to another for now.
     */
    void awaitMembers(String group, int members) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).alias(group + " members")
                    .until(() -> {
                        ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(group)).all()
                                .get(10, TimeUnit.SECONDS).get(group);
                        return g.members().size() == members && g.state() == ConsumerGroupState.STABLE
                                && g.members().stream().noneMatch(m -> m.assignment().topicPartitions().isEmpty());
                    });
        }
    }

    /** What the group has committed, per partition of the topic. */
    Map<Integer, OffsetAndMetadata> committed(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            Map<Integer, OffsetAndMetadata> committed = new java.util.HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .forEach((p, o) -> {
                        if (p.topic().equals(topic) && o != null) {
                            committed.put(p.partition(), o);
                        }
                    });
            return committed;
        }
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
