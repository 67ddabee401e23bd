package org.imagedownloader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.imagedownloader.fetch.AddressGuard;
import org.imagedownloader.fetch.ContentTypeFilter;
import org.imagedownloader.fetch.HttpSetup;
import org.imagedownloader.fetch.Outcomes;
import org.imagedownloader.fetch.Planner;
import org.imagedownloader.fetch.ProxyConfig;
import org.imagedownloader.fetch.ResponseCheck;
import org.imagedownloader.kafka.KafkaSeams;
import org.imagedownloader.run.ListRuns;
import org.imagedownloader.store.ImageSaver;
import org.imagedownloader.store.Leftovers;
import org.imagedownloader.store.NodeLock;
import org.imagedownloader.store.Folders;
import org.imagedownloader.fetch.Failures;
import org.imagedownloader.message.FairQueue;
import org.imagedownloader.message.Item;
import org.apache.camel.Exchange;

/** Builds the beans the routes call, from the checked settings. */
public final class DownloaderConfiguration implements CamelConfiguration {

    private final boolean oneShot;

    /** @param oneShot the command line: its lists run in this process whatever the Kafka settings say */
    public DownloaderConfiguration(boolean oneShot) {
        this.oneShot = oneShot;
    }

    /**
     * The pool every download goes through: its size is the hard cap on downloads in flight, and its
     * DNS step is where private addresses are refused.
     */
    private static PoolingHttpClientConnectionManager connections(Settings settings) {
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new AddressGuard(settings.blockPrivateNetworks()))
                .setMaxConnTotal(settings.concurrency())
                .setMaxConnPerRoute(settings.concurrency())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.readTimeout()))
                        .build())
                .build();
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.load(context);
        NodeLock node;
        try {
            Files.createDirectories(settings.output());
            node = new NodeLock(settings.output());
            context.addService(node, true, true);
            if (settings.watch()) {
                Files.createDirectories(settings.inbox());
            }
            Leftovers.clean(settings.output());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + settings.output() + " and " + settings.inbox(), e);
        }
        ListRuns lists = new ListRuns(settings.output(), settings.watch() ? settings.inbox() : null, settings.maxOpenLists(),
                settings.queueSize(), settings.maxLineChars(), settings.progressInterval().toSeconds());
        context.addService(lists, true, true);
        Folders folders = new Folders(settings.output(), node.tag());
        context.addService(folders, true, true);
        var registry = context.getRegistry();
        registry.bind("settings", settings);
        // The in-process item seam: one download queue shared fairly by the open lists.
        registry.bind("fairQueue", new FairQueue<Exchange>(e -> e.getIn().getBody(Item.class).runId()));
        registry.bind("lists", lists);
        registry.bind("planner", new Planner(folders));
        registry.bind("failures", new Failures(settings.retries()));
        registry.bind("responses", new ResponseCheck(settings.retryAfterMax()));
        registry.bind("accept", new ContentTypeFilter(settings.accept()));
        registry.bind("images", new ImageSaver(folders, settings.maxBytes(), settings.downloadTimeout()));
        registry.bind("outcomes", new Outcomes(folders));
        registry.bind("httpSetup", new HttpSetup(ProxyConfig.from(settings.proxy(), System.getenv())));
        registry.bind("connections", connections(settings));
        if (settings.kafka().on() && !oneShot) {
            KafkaSeams.install(context, settings.kafka(), lists, settings.concurrency());
        }
    }
}
