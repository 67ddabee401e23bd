package org.imagedownloader.polite;

import org.imagedownloader.attempt.Attempt;
import org.imagedownloader.attempt.Reasons;
import org.imagedownloader.attempt.Bodies;
import org.imagedownloader.attempt.DeadlineInputStream;
import org.imagedownloader.attempt.RejectedException;
import org.imagedownloader.attempt.SlotWait;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code downloader.robots-txt} on, each host's robots.txt is fetched once (through the same HTTP
 * client, so proxy, address guard and timeouts apply; read up to {@link RobotsTxt#MAX_BYTES} within 30 s),
 * kept for a day, and a URL it disallows for our product token ends rejected without a request. As RFC 9309
 * says, a 4xx means no rules, and a robots.txt that cannot be had (5xx, 429, network) means nothing is
 * allowed; that answer is kept only five minutes. Items of a host wait for its one fetch, each on its
 * download slot.
 */
public final class Robots {

    private static final Logger LOG = LoggerFactory.getLogger(Robots.class);
    private static final long KEEP_NANOS = TimeUnit.HOURS.toNanos(24);
    /** A robots.txt that could not be had is asked again this soon: the failure may have been brief. */
    private static final long KEEP_FAILED_NANOS = TimeUnit.MINUTES.toNanos(5);
    /** The longest a robots.txt may take to arrive, however steadily it trickles. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Hosts whose rules are kept at once; the least recently asked go first. */
    private static final int HOSTS = 10_000;

    private record Cached(CompletableFuture<RobotsTxt> rules, long since) {
        boolean stale(long now) {
            long keep = rules.isDone() && rules.getNow(null) == RobotsTxt.DISALLOW_ALL ? KEEP_FAILED_NANOS : KEEP_NANOS;
            return now - since > keep;
        }
    }

    private final boolean on;
    private final String product;
    private final CamelContext camel;
    private final Network network;
    private volatile ProducerTemplate template;
    /** Guarded by itself. */
    private final Map<String, Cached> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > HOSTS;
        }
    };

    /** @param userAgent our User-Agent, whose product token (before any slash) the rules are read for */
    public Robots(boolean on, String userAgent, CamelContext camel, Network network) {
        this.on = on;
        this.product = userAgent.strip().split("[/\\s]", 2)[0];
        this.camel = camel;
        this.network = network;
    }

    /**
     * The fetch route's check, before each attempt: a URL the rules disallow is rejected unasked. A robots.txt
     * that could not be fetched because no server was reached is not taken for an answer: the failure is the
     * attempt's (counted as one, and retried, or waited out while the network is gone), and it is asked again.
     */
    public void check(Exchange exchange) throws RejectedException, IOException {
        if (!on) {
            return;
        }
        Attempt attempt = Attempt.of(exchange);
        URI url = attempt.item().url();
        // Scheme, host and port only: credentials in a URL go to no log, cache key or other request.
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        String origin = url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getHost() + ":" + port;
        RobotsTxt rules;
        try {
            rules = rulesFor(origin);
        } catch (IOException e) {
            attempt.requested();
            throw e;
        }
        if (!rules.allows(url)) {
            throw new RejectedException(rules == RobotsTxt.DISALLOW_ALL
                    ? "robots.txt could not be had: nothing allowed" : "disallowed by robots.txt");
        }
    }

    /** The rules of one origin, fetched by the first item that asks; the others wait for that one fetch. */
    private RobotsTxt rulesFor(String origin) throws IOException {
        CompletableFuture<RobotsTxt> rules;
        boolean fetchHere = false;
        long now = System.nanoTime();
        synchronized (cache) {
            Cached cached = cache.get(origin);
            if (cached == null || cached.stale(now)) {
                cached = new Cached(new CompletableFuture<>(), now);
                cache.put(origin, cached);
                fetchHere = true;
            }
            rules = cached.rules();
        }
        if (fetchHere) {
            try {
                rules.complete(fetch(origin));
            } catch (IOException | RuntimeException | Error e) {
                // No answer (or a bug): the items waiting fail with it, and the next one asks again.
                synchronized (cache) {
                    cache.remove(origin);
                }
                rules.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return rules.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    private RobotsTxt fetch(String origin) throws IOException {
        ProducerTemplate producer = template;
        if (producer == null) {
            producer = camel.createProducerTemplate();
            template = producer;
        }
        Exchange answer = producer.request("direct:robots-txt", e -> e.getIn().setBody(origin + "/robots.txt"));
        Exception failure = answer.getException();
        if (failure != null) {
            // No answer at all (no server reached, or no slot of ours free to ask it in): no verdict on the host.
            if (Network.unreached(failure) || SlotWait.timedOut(failure)) {
                throw failure instanceof IOException io ? io : new IOException(failure);
            }
            LOG.warn("{}/robots.txt could not be fetched ({}): nothing on that host is fetched for 5 min",
                    origin, Reasons.of(failure));
            return RobotsTxt.DISALLOW_ALL;
        }
        return answer.getMessage().getBody(RobotsTxt.class);
    }

    /**
     * The robots-txt route's last step: the answer read (while its stream is open) and turned into rules.
     */
    public RobotsTxt read(Exchange exchange) {
        String url = exchange.getIn().getHeader(Exchange.HTTP_URI, String.class);
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        URI robots = URI.create(url);
        network.answered(robots.getHost() + ":" + (robots.getPort() >= 0 ? robots.getPort()
                : "https".equalsIgnoreCase(robots.getScheme()) ? 443 : 80)); // a server answered, whatever it said
        InputStream body = exchange.getIn().getBody(InputStream.class);
        try {
            if (status >= 200 && status < 300) {
                byte[] text = body == null ? new byte[0]
                        : text(body, exchange.getIn().getHeader("Content-Encoding", String.class));
                return RobotsTxt.parse(url, text, product);
            }
            RobotsTxt rules = RobotsTxt.unavailable(status);
            if (rules == RobotsTxt.DISALLOW_ALL) {
                LOG.warn("{} answered HTTP {}: nothing on that host is fetched for 5 min", url, status);
            }
            return rules;
        } catch (IOException e) {
            LOG.warn("{} could not be read ({}): nothing on that host is fetched for 5 min", url, Reasons.of(e));
            return RobotsTxt.DISALLOW_ALL;
        } finally {
            release(body);
        }
    }

    /**
     * The text, as much of it as is read within {@link #DEADLINE}. A gzip-encoded one (sent unasked, as a
     * stored robots.txt.gz is) is decoded here, on top of the deadline, so that every read of the server's
     * bytes is timed and the raw stream can still be let go of unread.
     */
    private static byte[] text(InputStream body, String encoding) throws IOException {
        InputStream in = new DeadlineInputStream(body, System.nanoTime(), DEADLINE);
        String coding = encoding == null ? "" : encoding.trim().toLowerCase(Locale.ROOT);
        if (coding.equals("gzip") || coding.equals("x-gzip")) {
            in = new GZIPInputStream(in);
        }
        return in.readNBytes(RobotsTxt.MAX_BYTES);
    }

    private static void release(InputStream body) {
        if (body == null) {
            return;
        }
        try {
            Bodies.abandon(body);
        } catch (IOException e) {
            LOG.debug("Letting go of a robots.txt body: {}", e.getMessage()); // its rules are read already
        }
    }
}
