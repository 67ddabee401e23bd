package org.imagedownloader.kafka;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's view of the Kafka brokers: creates the two topics when they are missing, and watches
 * whether the brokers answer. Lists are taken from the inbox only while they do; the operator reads one
 * line when they stop answering and one when they are back, however long that takes.
 */
public final class Brokers extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Brokers.class);
    private static final long CHECK_SECONDS = 2;

    private final CamelContext context;
    private final String bootstrap;
    private final List<String> topics;
    private final int partitions;
    private ScheduledExecutorService checks;
    private Admin admin;
    private volatile boolean ready;
    private boolean warned;
    private volatile boolean topicsThere;

    public Brokers(CamelContext context, String bootstrap, List<String> topics, int partitions) {
        this.context = context;
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.partitions = partitions;
    }

    /** The brokers answered at the last check and the topics exist. */
    public boolean ready() {
        return ready;
    }

    /** Both topics exist (they may still be unreachable now). */
    public boolean topicsThere() {
        return topicsThere;
    }

    @Override
    protected void doStart() {
        admin = Admin.create(adminConfig());
        checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kafka-brokers");
            t.setDaemon(true);
            return t;
        });
        checks.scheduleWithFixedDelay(this::check, 0, CHECK_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    protected void doStop() {
        if (checks != null) {
            checks.shutdownNow();
        }
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(1));
        }
    }

    /** The security and connection settings of camel.component.kafka.*, as the producers use them. */
    private Map<String, Object> adminConfig() {
        Properties producer = context.getComponent("kafka", KafkaComponent.class).getConfiguration()
                .createProducerProperties();
        Map<String, Object> config = new HashMap<>();
        for (String key : AdminClientConfig.configNames()) {
            if (producer.containsKey(key)) {
                config.put(key, producer.get(key));
            }
        }
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return config;
    }

    private void check() {
        Optional<String> problem = problem();
        if (problem.isEmpty()) {
            if (!ready) {
                LOG.info("Kafka brokers at {} answer; topics {} ready", bootstrap, topics);
            }
            ready = true;
            warned = false;
            return;
        }
        ready = false;
        if (!warned) {
            LOG.warn("Kafka brokers at {} do not answer ({}): new lists wait in the inbox and the work in "
                    + "flight waits; retrying every {} s", bootstrap, problem.get(), CHECK_SECONDS);
            warned = true;
        }
    }

    private Optional<String> problem() {
        try {
            admin.describeCluster().nodes().get(CHECK_SECONDS * 2, TimeUnit.SECONDS);
            if (!topicsThere) {
                createMissingTopics();
                topicsThere = true;
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (TimeoutException e) {
            return Optional.of("no answer in " + CHECK_SECONDS * 2 + " s");
        } catch (ExecutionException e) {
            return Optional.of(String.valueOf(e.getCause().getMessage()));
        }
    }

    private void createMissingTopics() throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> missing = new HashSet<>(topics);
        missing.removeAll(admin.listTopics().names().get(CHECK_SECONDS * 2, TimeUnit.SECONDS));
        for (String topic : missing) {
            try {
                // The brokers' default replication factor: a cluster's operator has set it for its size.
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                        .all().get(CHECK_SECONDS * 5, TimeUnit.SECONDS);
                LOG.info("Created Kafka topic {} with {} partitions", topic, partitions);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e; // another daemon may create it at the same moment: that one is fine
                }
            }
        }
    }
}
