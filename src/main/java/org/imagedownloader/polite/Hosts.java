package org.imagedownloader.polite;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.imagedownloader.attempt.Attempt;
import org.imagedownloader.message.Item;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Politeness per host (host and port), across every list this process downloads: at most so many items
 * of one host in flight, requests to it spaced by its rate, and none while it has asked us to slow down.
 * As the download queue's gate it holds items back without taking a download slot; an item holds its
 * host's turn from the moment it is handed out until its outcome, retries and their waits included.
 */
public final class Hosts implements FairQueue.Gate<Exchange> {

    /** A retry that must wait for its host (paused, or its next request not due yet): it costs no attempt. */
    public static final class Busy extends Exception {
        Busy(String host, long waitNanos) {
            super("waiting " + TimeUnit.NANOSECONDS.toMillis(waitNanos) + " ms for " + host, null, false, false);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Hosts.class);

    private static final class Host {
        int busy;
        /** System.nanoTime() values, compared by difference only (they may be negative). */
        long nextStart;
        long pausedUntil;
        boolean paused;

        Host(long now) {
            nextStart = now;
        }

        boolean idle(long now) {
            return busy == 0 && now - nextStart >= 0 && (!paused || now - pausedUntil >= 0);
        }
    }

    private final int perHost;
    private final long intervalNanos;
    private final Network network;
    /** Guarded by this. */
    private final Map<String, Host> hosts = new HashMap<>();
    private int sweepAt = 1024;
    /** Guarded by this: an item was held back for a host at its limit, so a turn given back is news. */
    private boolean heldBack;
    private volatile Runnable onRelease = () -> { };
    private volatile BiConsumer<String, Long> onPause = (host, until) -> { };

    /**
     * @param perHost items of one host in flight at once
     * @param rate    requests per second to one host; 0 for no limit
     */
    public Hosts(int perHost, double rate, Network network) {
        this.perHost = perHost;
        this.intervalNanos = rate > 0 ? Math.round(1e9 / rate) : 0;
        this.network = network;
    }

    /** Told whenever a host's turn is given back, so that items held back for it are looked at again. */
    public void onRelease(Runnable wake) {
        this.onRelease = wake;
    }

    /**
     * Told of every pause this process starts or lengthens, as host:port and its end in epoch
     * milliseconds, so that other processes serving the host later honour it too ({@link #pausedElsewhere}).
     */
    public void onPause(BiConsumer<String, Long> tell) {
        this.onPause = tell;
    }

    /** The host an item's requests go to, as host:port; null for a line that needs no request. */
    public static String of(Item item) {
        URI url = item.url();
        if (url == null || item.verdict() != null || url.getHost() == null) {
            return null;
        }
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    @Override
    public long tryTake(Exchange exchange, long now) {
        String host = of(exchange.getIn().getBody(Item.class));
        if (host == null) {
            return 0;
        }
        synchronized (this) {
            Host h = hosts.computeIfAbsent(host, k -> new Host(now));
            long wait = due(h, now);
            if (wait > 0) {
                return wait;
            }
            if (h.busy >= perHost) {
                heldBack = true;
                return Long.MAX_VALUE;
            }
            // Asked only for an item its host would take: a trial while the network is judged gone is
            // never spent on one held back here.
            long offline = network.waitNanos(host);
            if (offline > 0) {
                return offline;
            }
            if (network.judgedGone()) {
                Attempt.of(exchange).allowNetworkTrial(); // its first attempt goes, to see if the network is back
            }
            h.busy++; // the rate is charged by each request (ready), not here: an item may need none
            sweep(now);
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                release(host);
            }
        });
        return 0;
    }

    /**
     * Before each attempt, whose item holds its host's turn already: none starts while the network is away,
     * or while its host is paused or its next request is not due; then the request is counted against the
     * host's rate.
     */
    public void ready(Exchange exchange) throws Busy {
        Attempt attempt = Attempt.of(exchange);
        String host = of(attempt.item());
        if (host == null) {
            return;
        }
        long offline = attempt.takeNetworkTrial() ? 0 : network.waitNanos(host);
        if (offline > 0) {
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, TimeUnit.NANOSECONDS.toMillis(offline));
            throw new Busy("the network", offline);
        }
        long now = System.nanoTime();
        long wait;
        synchronized (this) {
            Host h = hosts.computeIfAbsent(host, k -> new Host(now));
            wait = due(h, now);
            if (wait <= 0) {
                started(h, now);
                return;
            }
        }
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
        throw new Busy(host, wait);
    }

    /** A host that answered 429 or 503: no new request to it until the pause is over. */
    public void pause(Exchange exchange, Duration pause, int status) {
        String host = of(Attempt.of(exchange).item());
        if (host == null || pause.isZero() || pause.isNegative()) {
            return;
        }
        long now = System.nanoTime();
        Extended extended = extendPause(host, now, now + pause.toNanos());
        if (extended != Extended.NO) {
            onPause.accept(host, System.currentTimeMillis() + pause.toMillis());
        }
        if (extended == Extended.FRESH) {
            LOG.info("{} answered HTTP {}: no requests to it for {} s", host, status,
                    String.format(Locale.ROOT, "%.1f", pause.toMillis() / 1000.0));
        }
    }

    /** A pause another process started: this one sends the host nothing either until it ends. */
    public void pausedElsewhere(String host, long untilEpochMillis) {
        long left = untilEpochMillis - System.currentTimeMillis();
        if (left <= 0) {
            return;
        }
        long now = System.nanoTime();
        if (extendPause(host, now, now + TimeUnit.MILLISECONDS.toNanos(left)) == Extended.FRESH) {
            LOG.info("{} is paused for the cluster: no requests to it for {} s", host,
                    String.format(Locale.ROOT, "%.1f", left / 1000.0));
        }
    }

    private enum Extended { NO, LONGER, FRESH }

    private synchronized Extended extendPause(String host, long now, long until) {
        Host h = hosts.computeIfAbsent(host, k -> new Host(now));
        boolean fresh = !h.paused || now - h.pausedUntil >= 0;
        boolean longer = fresh || until - h.pausedUntil > 0;
        if (longer) {
            h.pausedUntil = until;
        }
        h.paused = true;
        return fresh ? Extended.FRESH : longer ? Extended.LONGER : Extended.NO;
    }

    private long due(Host h, long now) {
        if (h.paused && now - h.pausedUntil >= 0) {
            h.paused = false;
        }
        long wait = Math.max(h.paused ? h.pausedUntil - now : 0, h.nextStart - now);
        return Math.max(wait, 0);
    }

    private void started(Host h, long now) {
        if (intervalNanos > 0) {
            h.nextStart = now + intervalNanos;
        }
    }

    private void release(String host) {
        boolean news;
        synchronized (this) {
            Host h = hosts.get(host);
            if (h != null) {
                h.busy--;
                if (h.idle(System.nanoTime())) {
                    hosts.remove(host);
                }
            }
            // Only then can a waiting taker find something it could not before; the one woken looks at
            // every lane, and sets this again if anything is still held back.
            news = heldBack;
            heldBack = false;
        }
        if (news) {
            onRelease.run();
        }
    }

    /** Items holding a host's turn now: in flight, or waiting to retry. */
    public synchronized int holding() {
        return hosts.values().stream().mapToInt(h -> h.busy).sum();
    }

    /** Forgets hosts with nothing in flight and nothing to wait for, once there are many. */
    private void sweep(long now) {
        if (hosts.size() < sweepAt) {
            return;
        }
        for (Iterator<Host> it = hosts.values().iterator(); it.hasNext(); ) {
            if (it.next().idle(now)) {
                it.remove();
            }
        }
        sweepAt = Math.max(1024, 2 * hosts.size());
    }
}
