package org.imagedownloader.polite;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that tells a dead network from a dead server. The network is judged gone when, since the
 * last answer from any server, attempts to more than one host have failed at the connection level (name
 * not resolved for now, refused, unreachable, connect timeout). While it is gone no new attempt starts, an
 * attempt it failed costs no retry, and a prober connects now and then to the hosts that failed and the last
 * one that answered (through the proxy, when there is one); the first to answer ends the wait. When no
 * probe is answered, one item of a host that has not failed is let through per probe round, so two dead
 * servers among live ones cannot hold every list. After {@code downloader.outage-max-wait} the waiting items
 * are let go, to fail as they would have, with the reason saying how long the network was away. One failing
 * host is never an outage: its URLs keep the usual retries. While every host answers this costs a volatile
 * read and, when the host changes, a write, per answer.
 */
public final class Network {

    private static final Logger LOG = LoggerFactory.getLogger(Network.class);
    private static final int PROBE_TIMEOUT_MILLIS = 2_000;
    /** Failed hosts tried per probe: each may take the whole timeout. */
    private static final int PROBED = 4;
    private static final long REMIND_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** How soon a held item looks again. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private enum State { UP, SUSPECT, DOWN, GAVE_UP }

    private final Duration maxWait;
    private final ProxySelector proxies;
    private volatile IntSupplier waiting = () -> 0;
    /** Written under the monitor, read without it: the queue's gate asks on every item. */
    private volatile State state = State.UP;
    /** Fast path for answers: false only while some failure since the last answer is on record. */
    private volatile boolean clear = true;
    /** Whether the wait has been confirmed by a probe nobody answered (and said so in the log). */
    private volatile boolean announced;
    /** One item of a host that has not failed may try, after a probe round nobody answered. */
    private volatile boolean trialOpen;
    /** The host (host:port) of the latest answer, a known-good one to probe. */
    private volatile String lastAnswered;
    /** Guarded by this. */
    private final Set<String> failedHosts = new LinkedHashSet<>();
    private long downSince;
    private long remindedAt;

    /**
     * @param maxWait how long items wait for the network before they are let go to fail
     * @param proxies how requests reach their hosts (null: directly), which is the way probes go too
     */
    public Network(Duration maxWait, ProxySelector proxies) {
        this.maxWait = maxWait;
        this.proxies = proxies;
    }

    /** How long items wait for the network before they are let go to fail. */
    public Duration maxWait() {
        return maxWait;
    }

    /** Says how many items wait, for the log lines. */
    public void countWaiting(IntSupplier waiting) {
        this.waiting = waiting;
    }

    /** Whether a failure is at the connection level: no server was reached. */
    public static boolean unreached(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof ConnectException
                    || t instanceof NoRouteToHostException || t instanceof PortUnreachableException
                    || t instanceof ConnectTimeoutException) {
                return true;
            }
            // ENETUNREACH (no route at all: cable out, Wi-Fi off) comes as a bare SocketException.
            if (t instanceof SocketException && t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("network is unreachable")) {
                return true;
            }
        }
        return false;
    }

    /** A server answered (any status): the network is there. */
    public void answered(String host) {
        if (host != null && !host.equals(lastAnswered)) {
            lastAnswered = host;
        }
        if (!clear) {
            back(host + " answered");
        }
    }

    /**
     * An attempt failed. Returns whether the failure is the network's: the network is gone now (this may be
     * the failure that shows it), so the attempt is not held against the URL.
     */
    public boolean failed(String host, Throwable error) {
        if (host == null || !unreached(error)) {
            return false;
        }
        synchronized (this) {
            clear = false;
            failedHosts.add(host);
            if (state == State.UP || state == State.SUSPECT) {
                if (failedHosts.size() > 1) {
                    downSince = System.nanoTime();
                    remindedAt = downSince;
                    announced = false;
                    trialOpen = false;
                    state = State.DOWN;
                } else {
                    state = State.SUSPECT;
                }
            }
            return state == State.DOWN;
        }
    }

    /**
     * Nanoseconds until an attempt to this host may start, or 0 when it may now; the queue's gate and each
     * retry ask this. Never blocks on anything but this object's own monitor, and that only while the
     * network is judged gone.
     */
    public long waitNanos(String host) {
        if (state != State.DOWN) {
            return 0;
        }
        if (trialOpen) {
            synchronized (this) {
                if (trialOpen && state == State.DOWN && !failedHosts.contains(host)) {
                    trialOpen = false;
                    return 0;
                }
            }
        }
        return RECHECK_NANOS;
    }

    /** Whether the network is judged gone (confirmed by a probe or not): a 0 from {@link #waitNanos} is a trial. */
    public boolean judgedGone() {
        return state == State.DOWN;
    }

    /** Whether items are held for the network now, as confirmed by a probe (the CLI's line, gauge, health). */
    public boolean waiting() {
        return state == State.DOWN && announced;
    }

    /** Since when items are held for a network that is gone, or null. */
    public synchronized Duration downFor() {
        return waiting() ? Duration.ofNanos(System.nanoTime() - downSince) : null;
    }

    /** Whether the network stayed away for longer than items wait, and they are let go to fail. */
    public boolean gaveUp() {
        return state == State.GAVE_UP;
    }

    /**
     * The reason an item failed, when the network was away for longer than items wait: else null, and the
     * failure speaks for itself.
     */
    public String explain(Throwable error) {
        return state == State.GAVE_UP && unreached(error) ? "network unreachable for " + span(maxWait) : null;
    }

    /**
     * The prober, called by a timer: while the network is judged gone (or given up on), tries to connect to
     * the last host that answered and the hosts that failed; one answer ends the wait. Also lets the items
     * go after the longest wait, and tells the log what it sees. Nothing else is locked while it logs.
     */
    public void probe() {
        List<String> targets = new ArrayList<>();
        synchronized (this) {
            if (state != State.DOWN && state != State.GAVE_UP) {
                return;
            }
            // The last host that answered first: after failures at two dead servers, it ends a false alarm.
            String good = lastAnswered;
            if (good != null) {
                targets.add(good);
            }
            failedHosts.stream().filter(h -> !targets.contains(h)).limit(PROBED).forEach(targets::add);
        }
        for (String target : targets) {
            if (reachable(target)) {
                back(target + " answered");
                return;
            }
        }
        String say = null;
        boolean remind = false;
        boolean giveUp = false;
        Duration away;
        int hosts;
        synchronized (this) {
            if (state != State.DOWN) {
                return;
            }
            long now = System.nanoTime();
            away = Duration.ofNanos(now - downSince);
            hosts = failedHosts.size();
            trialOpen = true;
            if (!announced) {
                announced = true;
                say = "gone";
            } else if (now - remindedAt >= REMIND_NANOS) {
                remindedAt = now;
                remind = true;
            }
            if (away.compareTo(maxWait) >= 0) {
                state = State.GAVE_UP;
                giveUp = true;
            }
        }
        if (say != null) {
            LOG.warn("The network looks gone: {} hosts fail to connect and none answers; {} items wait for it"
                    + " (at most {})", hosts, waiting.getAsInt(), span(maxWait));
        } else if (remind) {
            LOG.info("Still waiting for the network ({} so far, {} items wait)", span(away), waiting.getAsInt());
        }
        if (giveUp) {
            LOG.warn("The network has been away for {}: the waiting items are let go and fail", span(maxWait));
        }
    }

    /** host:port as the failure named it, or the proxy that requests to it go through; a TCP connection is an answer. */
    private boolean reachable(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        SocketAddress address = null;
        if (proxies != null) {
            List<Proxy> via = proxies.select(URI.create((port == 443 ? "https://" : "http://") + hostPort + "/"));
            if (!via.isEmpty() && via.get(0).type() != Proxy.Type.DIRECT
                    && via.get(0).address() instanceof InetSocketAddress proxy) {
                address = new InetSocketAddress(proxy.getHostString(), proxy.getPort()); // resolved, to connect
            }
        }
        try (Socket socket = new Socket()) {
            socket.connect(address != null ? address : new InetSocketAddress(host, port), PROBE_TIMEOUT_MILLIS);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("Probing {}: {}", hostPort, e.getMessage()); // refused, unreachable, unresolved, timed out
            return false;
        }
    }

    private void back(String why) {
        boolean said;
        Duration away;
        synchronized (this) {
            said = state == State.DOWN && announced || state == State.GAVE_UP;
            away = Duration.ofNanos(System.nanoTime() - downSince);
            state = State.UP;
            announced = false;
            trialOpen = false;
            failedHosts.clear();
            clear = true;
        }
        if (said) {
            LOG.info("The network is back ({}) after {}: the waiting items go on", why, span(away));
        }
    }

    static String span(Duration d) {
        long s = Math.max(1, d.toSeconds());
        return s % 60 == 0 ? s / 60 + " min" : s + " s";
    }
}
