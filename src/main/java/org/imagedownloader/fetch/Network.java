package org.imagedownloader.fetch;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that tells a dead network from a dead server. The network is judged gone when, since the
 * last answer from any server, attempts to more than one host have failed at the connection level (name
 * not resolved, refused, unreachable, connect timeout). While it is gone no new attempt starts, an attempt
 * it failed costs no retry, and a prober connects now and then to the hosts that failed and the last one
 * that answered; the first to answer ends the wait. After {@code downloader.outage-max-wait} the waiting
 * items are let go, to fail as they would have, with the reason saying how long the network was away.
 * One failing host is never an outage: its URLs keep the usual retries. While every host answers this
 * costs one volatile read per answer.
 */
public final class Network {

    private static final Logger LOG = LoggerFactory.getLogger(Network.class);
    private static final int PROBE_TIMEOUT_MILLIS = 2_000;
    /** Failed hosts tried per probe: each may take the whole timeout. */
    private static final int PROBED = 4;
    private static final long REMIND_NANOS = TimeUnit.MINUTES.toNanos(1);

    private enum State { UP, SUSPECT, DOWN, GAVE_UP }

    private final Duration maxWait;
    private volatile IntSupplier waiting = () -> 0;
    /** Fast path for answers: false only while some failure since the last answer is on record. */
    private volatile boolean clear = true;
    /** Guarded by this. */
    private State state = State.UP;
    private final Set<String> failedHosts = new LinkedHashSet<>();
    /** The host (host:port) of the latest answer, a known-good one to probe. */
    private volatile String lastAnswered;
    private long downSince;
    private long remindedAt;
    private boolean announced;

    /** @param maxWait how long items wait for the network before they are let go to fail */
    public Network(Duration maxWait) {
        this.maxWait = maxWait;
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
        }
        return false;
    }

    /** A server answered (any status): the network is there. */
    public void answered(String host) {
        if (host != null && !host.equals(lastAnswered)) {
            lastAnswered = host;
        }
        if (clear) {
            return;
        }
        synchronized (this) {
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
                state = failedHosts.size() > 1 ? State.DOWN : State.SUSPECT;
                if (state == State.DOWN) {
                    downSince = System.nanoTime();
                    remindedAt = downSince;
                    announced = false;
                }
            }
            return state == State.DOWN;
        }
    }

    /** Nanoseconds until new attempts may start, or 0 when they may now; waiting items ask this. */
    public long waitNanos() {
        if (clear) {
            return 0;
        }
        synchronized (this) {
            return state == State.DOWN ? TimeUnit.MILLISECONDS.toNanos(500) : 0;
        }
    }

    /** Whether items are held for the network now (the CLI's live line, the gauge, the health check). */
    public synchronized boolean waiting() {
        return state == State.DOWN;
    }

    /** Since when the network is judged gone, or null. */
    public synchronized Duration downFor() {
        return state == State.DOWN ? Duration.ofNanos(System.nanoTime() - downSince) : null;
    }

    /**
     * The reason an item failed, when the network was away for longer than items wait: else null, and the
     * failure speaks for itself.
     */
    public synchronized String explain(Throwable error) {
        return state == State.GAVE_UP && unreached(error) ? "network unreachable for " + span(maxWait) : null;
    }

    /**
     * The prober, called by a timer: while the network is judged gone, tries to connect to the hosts that
     * failed and the last that answered; one answer ends the wait. Also lets the items go after the
     * longest wait, and reminds the log now and then.
     */
    public void probe() {
        List<String> targets;
        synchronized (this) {
            if (state != State.DOWN) {
                return;
            }
            // The last host that answered first: after failures at two dead servers, it ends a false alarm.
            targets = new ArrayList<>();
            if (lastAnswered != null) {
                targets.add(lastAnswered);
            }
            failedHosts.stream().filter(h -> !targets.contains(h)).limit(PROBED).forEach(targets::add);
        }
        for (String target : targets) {
            if (reachable(target)) {
                synchronized (this) {
                    back(target + " answered");
                }
                return;
            }
        }
        synchronized (this) {
            if (state != State.DOWN) {
                return;
            }
            long now = System.nanoTime();
            Duration away = Duration.ofNanos(now - downSince);
            if (!announced) {
                announced = true;
                LOG.warn("The network looks gone: {} hosts fail to connect and none answers; {} items wait for it"
                        + " (at most {})", failedHosts.size(), waiting.getAsInt(), span(maxWait));
            } else if (now - remindedAt >= REMIND_NANOS) {
                remindedAt = now;
                LOG.info("Still waiting for the network ({} so far, {} items wait)", span(away), waiting.getAsInt());
            }
            if (away.compareTo(maxWait) >= 0) {
                state = State.GAVE_UP;
                LOG.warn("The network has been away for {}: the waiting items are let go and fail", span(maxWait));
            }
        }
    }

    /** host:port as the failure named it; a TCP connection (after a name lookup) is an answer. */
    private static boolean reachable(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
        int port = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            LOG.debug("Probing {}: {}", hostPort, e.getMessage()); // refused, unreachable, unresolved, timed out
            return false;
        }
    }

    /** Guarded by this. */
    private void back(String why) {
        if (state == State.DOWN && announced) {
            LOG.info("The network is back ({}) after {}: the waiting items go on", why,
                    span(Duration.ofNanos(System.nanoTime() - downSince)));
        }
        state = State.UP;
        failedHosts.clear();
        clear = true;
    }

    static String span(Duration d) {
        return d.toMinutes() >= 1 ? d.toMinutes() + " min" : Math.max(1, d.toSeconds()) + " s";
    }
}
