package org.imagedownloader.kafka;

import java.util.List;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.imagedownloader.config.Settings;
import org.imagedownloader.message.HostPause;
import org.imagedownloader.polite.FairQueue;
import org.imagedownloader.polite.Hosts;
import org.imagedownloader.run.InboxFilter;

/** Turns the two seams into Kafka topics: the beans that the routes of routes/kafka.yaml call. */
public final class KafkaSeams {

    /** The routes of routes/kafka.yaml that consume a topic: started once the topics exist. */
    private static final List<String> CONSUMERS = List.of("items-from-kafka", "outcomes-from-kafka");

    private KafkaSeams() {
    }

    /**
     * @param concurrency download slots: the items consumer keeps about five times as many items taken
     * @return the daemon's view of the brokers, for its health check
     */
    public static Brokers install(CamelContext context, Settings.Kafka kafka, InboxFilter inbox, int concurrency)
            throws Exception {
        var properties = context.getPropertiesComponent();
        properties.addOverrideProperty("seams.items", "direct:items-to-kafka");
        properties.addOverrideProperty("seams.outcomes", "direct:outcomes-to-kafka");
        // Kafka advises a heartbeat at most a third of the session: two may be lost before the group gives up.
        long session = kafka.sessionTimeout().toMillis();
        properties.addOverrideProperty("kafka.session-timeout-ms", Long.toString(session));
        properties.addOverrideProperty("kafka.heartbeat-interval-ms", Long.toString(session / 3));
        properties.addOverrideProperty("kafka.max-poll-records", Integer.toString(5 * concurrency));

        var registry = context.getRegistry();
        @SuppressWarnings("unchecked")
        FairQueue<Exchange> queue = registry.lookupByNameAndType("fairQueue", FairQueue.class);
        Hosts hosts = registry.lookupByNameAndType("hosts", Hosts.class);
        ItemCommits commits = new ItemCommits(context::isStopping, queue::removeIf, kafka.handOver());
        Subscriptions subscriptions = new Subscriptions(kafka.outcomesTopic(), commits, kafka.lookBack());
        Brokers brokers = new Brokers(context, kafka.brokers(), List.of(kafka.itemsTopic(), kafka.outcomesTopic()),
                kafka.partitions(), () -> startConsumers(context));
        registry.bind("itemCommits", commits);
        registry.bind("records", new Records(commits, hosts, kafka.lookBack()));
        registry.bind("sendFailures", new SendFailures());
        registry.bind("subscriptions", subscriptions);
        registry.bind(KafkaConstants.KAFKA_SUBSCRIBE_ADAPTER, subscriptions);
        // Items held back for their host (busy to its limit, paused) do not count against the room, so such a
        // host does not keep the daemon from the others; all items taken stay within itemsHeld (and each
        // partition's within ItemCommits.PER_PARTITION). Nothing is taken before the pauses are known.
        registry.bind("downloadRoom", (Predicate<Object>) x -> subscriptions.caughtUp()
                && commits.out() - queue.held() < 5 * concurrency && commits.out() < kafka.itemsHeld());
        ProducerTemplate pauses = context.createProducerTemplate();
        context.addService(pauses, true, true);
        hosts.onPause((host, until) -> pauses.asyncSendBody("direct:outcomes-to-kafka", new HostPause(host, until)));
        context.addService(brokers, true, true);
        inbox.setSeamsReady(() -> brokers.ready() && subscriptions.ready());
        return brokers;
    }

    private static void startConsumers(CamelContext context) {
        try {
            for (String route : CONSUMERS) {
                context.getRouteController().startRoute(route);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the Kafka consumers: " + e.getMessage(), e);
        }
    }
}
