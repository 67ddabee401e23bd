package org.imagedownloader;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.util.Timeout;
import org.imagedownloader.config.Settings;
import org.imagedownloader.fetch.AddressGuard;
import org.imagedownloader.fetch.ConditionalHeaders;
import org.imagedownloader.fetch.ContentTypeFilter;
import org.imagedownloader.fetch.DownloadSlots;
import org.imagedownloader.fetch.Failures;
import org.imagedownloader.fetch.HostHeaders;
import org.imagedownloader.fetch.HttpSetup;
import org.imagedownloader.fetch.LazyTls;
import org.imagedownloader.fetch.Outcomes;
import org.imagedownloader.fetch.ProxyConfig;
import org.imagedownloader.fetch.ResponseCheck;
import org.imagedownloader.fetch.ResponseDeadline;
import org.imagedownloader.kafka.Brokers;
import org.imagedownloader.kafka.KafkaSeams;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.ItemResult;
import org.imagedownloader.polite.FairQueue;
import org.imagedownloader.polite.Hosts;
import org.imagedownloader.polite.Network;
import org.imagedownloader.polite.OptOuts;
import org.imagedownloader.polite.Robots;
import org.imagedownloader.run.AbandonedReports;
import org.imagedownloader.run.Archiver;
import org.imagedownloader.run.InboxFilter;
import org.imagedownloader.run.OpenRuns;
import org.imagedownloader.run.OutcomeAggregation;
import org.imagedownloader.run.ProgressReporter;
import org.imagedownloader.run.ReportCopy;
import org.imagedownloader.run.RunListener;
import org.imagedownloader.run.RunOpener;
import org.imagedownloader.run.RunReader;
import org.imagedownloader.store.FolderStore;
import org.imagedownloader.store.ImageSaver;
import org.imagedownloader.store.ImageVerifier;
import org.imagedownloader.store.Leftovers;
import org.imagedownloader.store.NodeLock;
import org.imagedownloader.store.Planner;
import org.imagedownloader.store.SizeLimits;
import org.imagedownloader.store.Store;
import org.imagedownloader.store.s3.S3Store;
import org.imagedownloader.view.Api;
import org.imagedownloader.view.Checks;
import org.imagedownloader.view.ListUpload;
import org.imagedownloader.view.Metrics;
import org.imagedownloader.view.Status;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the beans the routes call, from the checked settings. */
public final class DownloaderConfiguration implements CamelConfiguration {

    /**
     * A response's status and header lines: as long and as many as any real server sends (Apache httpd
     * allows 8 KiB and 100 of them in a request), far from what would fill the heap.
     */
    private static final int MAX_HEADER_LINE = 32 * 1024;
    private static final int MAX_HEADER_LINES = 100;

    private final boolean oneShot;

    /** @param oneShot the command line: its lists run in this process whatever the Kafka settings say */
    public DownloaderConfiguration(boolean oneShot) {
        this.oneShot = oneShot;
    }

    /**
     * The pool every download goes through; its DNS step is where private addresses are refused. The
     * downloads in flight are capped by {@link DownloadSlots}, so the pool can keep four connections per
     * download slot, as curl's connection cache does: a list spread over more hosts than slots then
     * reuses each host's connection instead of closing one host's to open another's.
     */
    private static PoolingHttpClientConnectionManager connections(Settings settings) {
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new AddressGuard(settings.blockPrivateNetworks()))
                .setTlsSocketStrategy(new LazyTls())
                .setMaxConnTotal(4 * settings.concurrency())
                .setMaxConnPerRoute(settings.concurrency())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.readTimeout()))
                        .build())
                // A response header of endless lines, or of lines without end, fails instead of filling the heap.
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(Http1Config.custom()
                                .setMaxLineLength(MAX_HEADER_LINE)
                                .setMaxHeaderCount(MAX_HEADER_LINES)
                                .build())
                        .build())
                .build();
    }

    /**
     * Where the metrics go: the Prometheus registry that Camel's management server exposes, once Camel has
     * made it (a composite passes on every meter made before).
     */
    private static MeterRegistry meters(CamelContext context) throws Exception {
        CompositeMeterRegistry meters = new CompositeMeterRegistry();
        context.addStartupListener((ctx, alreadyStarted) -> {
            MeterRegistry prometheus = ctx.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
            if (prometheus == null) {
                throw new IllegalStateException("Camel's metrics registry is missing: is camel.metrics.enabled on?");
            }
            meters.add(prometheus);
        });
        return meters;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.load(context);
        boolean watched = settings.http().enabled() && !oneShot;
        boolean scaledOut = settings.kafka().on() && !oneShot;
        // The preconditions of the optional routes: the command line runs neither, whatever the environment says.
        context.getPropertiesComponent().addOverrideProperty("routes.view", Boolean.toString(watched));
        context.getPropertiesComponent().addOverrideProperty("routes.kafka", Boolean.toString(scaledOut));
        var registry = context.getRegistry();
        registry.bind("settings", settings);
        NodeLock node = prepareFolders(settings);
        context.addService(node, true, true);
        OpenRuns runs = new OpenRuns(settings.maxOpenLists());
        context.addService(runs, true, true);
        context.addService(new AbandonedReports(settings.output()), true, true);
        S3Store s3 = settings.objectStorage() == null ? null : bucket(context, settings);
        Store store = s3 != null ? s3 : new FolderStore(settings.output(), node.tag(), settings.indexIdle());
        context.addService(store, true, true);

        // The per-URL side (routes/download.yaml). The download queue is shared fairly by the lists whose
        // items it holds, and within a list by hosts as far as each host's limits let them.
        Settings.Polite polite = settings.polite();
        ProxyConfig proxies = ProxyConfig.from(settings.proxy(), System.getenv());
        Network network = new Network(polite.outageMaxWait(), proxies);
        Hosts hosts = new Hosts(polite.perHostConcurrency(), polite.perHostRate(), network);
        FairQueue<Exchange> downloads = new FairQueue<>(e -> e.getIn().getBody(Item.class).runId(),
                e -> Hosts.of(e.getIn().getBody(Item.class)), hosts);
        hosts.onRelease(downloads::wake);
        network.countWaiting(() -> downloads.size() + hosts.holding());
        PoolingHttpClientConnectionManager connections = connections(settings);
        registry.bind("network", network);
        registry.bind("fairQueue", downloads);
        registry.bind("hosts", hosts);
        registry.bind("planner", new Planner(store, polite.conditionalRefresh()));
        registry.bind("robots", new Robots(polite.robotsTxt(), settings.userAgent(), context, network));
        registry.bind("responseCheck", new ResponseCheck(settings.retryAfterMax(), hosts, polite.retryDelay(),
                polite.retryMaxDelay(), network));
        registry.bind("optOuts", new OptOuts(settings.optOutDirectives(), settings.userAgent()));
        registry.bind("contentTypeFilter", new ContentTypeFilter(settings.accept()));
        Settings.Images images = settings.images();
        SizeLimits sizes = SizeLimits.of(images.minWidth(), images.minHeight(), images.maxPixels(), images.decode());
        registry.bind("imageSaver", new ImageSaver(store, settings.maxBytes(), settings.downloadTimeout(),
                settings.dedupContent(), sizes, images.decode() ? new ImageVerifier(sizes) : null));
        registry.bind("failures", new Failures(settings.retries(), network));
        registry.bind("conditionalHeaders", new ConditionalHeaders());
        registry.bind("httpSetup", new HttpSetup(proxies,
                polite.headersFile().isEmpty() ? null : HostHeaders.load(Path.of(polite.headersFile())),
                new ResponseDeadline(settings.downloadTimeout())));
        registry.bind("downloadSlots", new DownloadSlots(connections, settings.concurrency()));
        // No metrics where nothing serves them: the command line does not even load their classes.
        Metrics metrics = watched ? new Metrics(meters(context), () -> connections.getTotalStats().getLeased(),
                downloads::size, runs::size, () -> network.waiting() ? 1 : 0) : null;
        registry.bind("outcomes", new Outcomes(network, metrics == null ? r -> { } : metrics::fetched));

        // The list side (routes/lists.yaml, routes/outcomes.yaml): the inbox's filter, then a list's run
        // opened, read, and ended by its outcomes. Lists given on the command line are never moved: only
        // the watched inbox's are archived.
        InboxFilter inboxFilter = new InboxFilter(runs);
        ProgressReporter progressReporter = new ProgressReporter(runs, settings.progressInterval().toSeconds());
        progressReporter.setWaitingForNetwork(network::waiting);
        Archiver archiver = new Archiver(settings.watch() ? settings.inbox() : null);
        registry.bind("openRuns", runs);
        registry.bind("inboxFilter", inboxFilter);
        registry.bind("runOpener", new RunOpener(runs, settings.output(), settings.queueSize(), settings.maxLineChars(),
                s3 == null ? ReportCopy.none(settings.output()) : reportsInBucket(s3)));
        registry.bind("runReader", new RunReader(runs, settings.maxLineChars()));
        registry.bind("outcomeAggregation", new OutcomeAggregation(runs, archiver));
        registry.bind("archiver", archiver);
        registry.bind("progressReporter", progressReporter);
        if (!oneShot) {
            runs.listen(RunListener.log(LoggerFactory.getLogger(OpenRuns.class)));
        }
        Status status = new Status(runs);
        runs.listen(status);
        if (metrics != null) {
            runs.listen(new RunListener() {
                @Override
                public void ended(String list, ItemResult result) {
                    metrics.ended(result);
                }
            });
        }

        // The seams over Kafka (routes/kafka.yaml), and the operator's view (routes/api.yaml).
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        health.register(Checks.folders(settings.watch() ? settings.inbox() : null, settings.output()));
        health.register(Checks.lists(runs, settings.http().stall(), network::waiting));
        health.register(Checks.network(network));
        if (s3 != null) {
            health.register(Checks.bucket(s3.location(), s3::bucketProblem));
        }
        if (scaledOut) {
            Brokers brokers = KafkaSeams.install(context, settings.kafka(), inboxFilter, settings.concurrency());
            health.register(Checks.kafka(settings.kafka().brokers(), brokers::ready));
        }
        if (watched) {
            registry.bind("status", status);
            registry.bind("api", new Api(status, new ListUpload(settings.inbox(), settings.include(),
                    settings.http().maxListBytes(), settings.http().token(), settings.http().host())));
        }
    }

    /**
     * The output as a bucket, checked before anything starts. Its uploads are spooled on this machine's own
     * disk (the inbox may be a shared file system): in the system's temporary folder, one folder per user
     * (another user's daemon or command line there could not share it), marked by a node lock of their own,
     * so that {@link Leftovers} removes what a writer that died left, as in an output folder.
     */
    private static S3Store bucket(CamelContext context, Settings settings) throws Exception {
        Path spoolRoot = Path.of(System.getProperty("java.io.tmpdir"),
                "image-downloader-spool-" + System.getProperty("user.name"));
        NodeLock spoolLock = new NodeLock(spoolRoot);
        context.addService(spoolLock, true, true);
        Leftovers.clean(spoolRoot);
        Settings.ObjectStorage bucket = settings.objectStorage();
        S3Client client = S3Store.client(bucket.endpoint(), bucket.region(), settings.concurrency());
        S3Store store = new S3Store(client, bucket.bucket(), bucket.prefix(), spoolRoot.resolve("spool"), spoolLock.tag());
        try {
            store.checkBucket();
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return store;
    }

    /** The report kept in the bucket beside the list's images, and both named by their place there. */
    private static ReportCopy reportsInBucket(S3Store s3) {
        return new ReportCopy() {
            @Override
            public void keep(String folder, Path report) {
                s3.putReport(folder, report);
            }

            @Override
            public String images(String folder) {
                return s3.imagesLocation(folder);
            }

            @Override
            public String report(String folder) {
                return s3.reportLocation(folder);
            }
        };
    }

    /** The output folder (and the inbox, when watched), with what a writer that died left there cleaned. */
    private static NodeLock prepareFolders(Settings settings) {
        try {
            Files.createDirectories(settings.output());
            NodeLock node = new NodeLock(settings.output());
            if (settings.watch()) {
                Files.createDirectories(settings.inbox());
            }
            Leftovers.clean(settings.output());
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + settings.output() + " and " + settings.inbox(), e);
        }
    }
}
