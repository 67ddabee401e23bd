package org.imagedownloader.kafka;

import java.time.Duration;
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
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's view of the Kafka brokers: creates the two topics when they are missing (then starts the
 * consumers, which must never make the brokers create one with their default partitions), and watches
 * whether the brokers answer. Lists are taken from the inbox only while they do; the operator reads one
 * line when they stop answering and one when they are back, however long that takes.
 */
public final class Brokers extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Brokers.class);
    private static final long CHECK_SECONDS = 1;

    private final CamelContext context;
    private final String bootstrap;
    private final List<String> topics;
    private final int partitions;
    private final Runnable whenTopicsThere;
    private ScheduledExecutorService checks;
    private Map<String, Object> adminConfig;
    private Admin admin;
    private volatile boolean ready;
    private String reported;
    private boolean topicsThere;

    /** @param whenTopicsThere run once, as soon as both topics are known to exist */
    public Brokers(CamelContext context, String bootstrap, List<String> topics, int partitions,
                   Runnable whenTopicsThere) {
        this.context = context;
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.partitions = partitions;
        this.whenTopicsThere = whenTopicsThere;
    }

    /** The brokers answered at the last check, the topics exist and the consumers run. */
    public boolean ready() {
        return ready;
    }

    @Override
    protected void doStart() {
        adminConfig = adminConfig(); // on the starting thread: the context is not to be asked from another one meanwhile
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
            admin.close(Duration.ofSeconds(1));
        }
    }

    private void check() {
        Optional<String> problem;
        try {
            problem = problem();
        } catch (RuntimeException e) { // the check must go on whatever happens: it is what lets lists in
            problem = Optional.of(e.getMessage());
        }
        if (problem.isEmpty()) {
            if (!ready && topicsThere) {
                LOG.info("Kafka brokers at {} answer; topics {} ready", bootstrap, topics);
                ready = true;
            }
            reported = null;
            return;
        }
        ready = false;
        if (!problem.get().equals(reported)) {
            LOG.warn("Kafka brokers at {}: {}. New lists wait in the inbox and the work in flight waits; "
                    + "retrying every {} s", bootstrap, problem.get(), CHECK_SECONDS);
            reported = problem.get();
        }
    }

    private Optional<String> problem() {
        try {
            if (admin == null) {
                admin = Admin.create(adminConfig); // here, not at start: a name that does not resolve yet throws
            }
            admin.describeCluster().nodes().get(CHECK_SECONDS * 2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        } catch (TimeoutException e) {
            return Optional.of("no answer in " + CHECK_SECONDS * 2 + " s");
        } catch (ExecutionException e) {
            return Optional.of("no answer (" + e.getCause().getMessage() + ")");
        } catch (KafkaException e) {
            return Optional.of("cannot connect (" + e.getMessage() + ")");
        }
        // Routes are started once the context has started them all, or it would not start them itself.
        if (!topicsThere && context.isStarted()) {
            Optional<String> missing = createMissingTopics();
            if (missing.isPresent()) {
                return missing;
            }
            whenTopicsThere.run();
            topicsThere = true;
        }
        return Optional.empty();
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

    private Optional<String> createMissingTopics() {
        String topic = null;
        try {
            Set<String> missing = new HashSet<>(topics);
            missing.removeAll(admin.listTopics().names().get(CHECK_SECONDS * 2, TimeUnit.SECONDS));
            for (String name : missing) {
                topic = name;
                // The brokers' default replication factor: a cluster's operator has set it for its size.
                admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty())))
                        .all().get(CHECK_SECONDS * 5, TimeUnit.SECONDS);
                LOG.info("Created Kafka topic {} with {} partitions", name, partitions);
            }
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return createMissingTopics(); // another daemon created it at the same moment: that one is fine
            }
            return Optional.of("cannot create topic " + topic + " (" + e.getCause().getMessage() + ")");
        } catch (TimeoutException e) {
            return Optional.of("no answer in " + CHECK_SECONDS * 5 + " s" + (topic == null ? "" : " creating topic " + topic));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
