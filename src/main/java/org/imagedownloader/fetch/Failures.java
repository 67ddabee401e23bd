package org.imagedownloader.fetch;

import org.imagedownloader.attempt.Attempt;
import org.imagedownloader.attempt.DeadlineInputStream;
import org.imagedownloader.attempt.RejectedException;
import org.imagedownloader.attempt.FetchException;
import org.imagedownloader.attempt.RetryableFetchException;
import org.imagedownloader.attempt.SlotWait;
import org.imagedownloader.polite.Hosts;
import org.imagedownloader.polite.Network;
import java.io.IOException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;
import org.apache.camel.Exchange;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.imagedownloader.message.Outcome;
import org.imagedownloader.store.StorageException;
import org.imagedownloader.store.StoreUnreachableException;

/**
 * The one place that says how each kind of failure ends an item and whether it is tried again, in the
 * spirit of NiFi's named relationships. The cause chain is walked from the outside in and the first rule
 * that matches wins, so a wrapper of ours ({@link StorageException} around an {@link IOException}) is
 * judged as itself, never by what it wraps.
 */
public final class Failures {

    /** How a failure ends its item. */
    public record Verdict(Outcome outcome, boolean retried, boolean ourDisk) {
    }

    private record Rule(Predicate<Throwable> matches, Verdict verdict) {
        Rule(Class<? extends Throwable> type, Verdict verdict) {
            this(type::isInstance, verdict);
        }
    }

    /** A name lookup that failed for now (no DNS server answered), not because the name does not exist. */
    private static boolean lookupFailedForNow(Throwable t) {
        return t instanceof UnknownHostException && t.getMessage() != null
                && t.getMessage().toLowerCase(Locale.ROOT).contains("temporary failure");
    }

    private static final Verdict RETRY = new Verdict(Outcome.FAILED, true, false);
    private static final Verdict FAIL = new Verdict(Outcome.FAILED, false, false);
    /** Our store not reached at all: waited for like a network that is gone, then our disk failing. */
    private static final Verdict STORE_AWAY = new Verdict(Outcome.FAILED, true, true);

    /** In order: a subclass comes before its superclass. */
    private static final List<Rule> RULES = List.of(
            new Rule(StoreUnreachableException.class, STORE_AWAY),
            // Our own disk (or a store that answers with a refusal): not the server's fault, and asking the
            // server again cannot help.
            new Rule(StorageException.class, new Verdict(Outcome.FAILED, false, true)),
            // Resolves to a private address while downloader.block-private-networks is on.
            new Rule(AddressGuard.BlockedAddressException.class, new Verdict(Outcome.INVALID, false, false)),
            new Rule(RejectedException.class, new Verdict(Outcome.REJECTED, false, false)),
            new Rule(DeadlineInputStream.TooSlowException.class, FAIL),
            // A retry that waits for its host: it made no request.
            new Rule(Hosts.Busy.class, RETRY),
            // 408, 429, 5xx, with Retry-After turned into the next delay.
            new Rule(RetryableFetchException.class, RETRY),
            // Other HTTP errors.
            new Rule(FetchException.class, FAIL),
            new Rule(Failures::lookupFailedForNow, RETRY),
            new Rule(UnknownHostException.class, FAIL),
            new Rule(SSLException.class, FAIL),
            // Bad redirects: a loop, too many, a non-http location.
            new Rule(ClientProtocolException.class, FAIL),
            // A status or header line too long, or too many header lines: the server sends them every time.
            new Rule(MessageConstraintException.class, FAIL),
            // Refused, reset, timed out, a body cut short.
            new Rule(IOException.class, RETRY));

    /** How soon an item that failed for the network looks again whether it is back. */
    private static final long NETWORK_RECHECK_MILLIS = 500;

    private final int retries;
    private final Network network;

    public Failures(int retries, Network network) {
        this.retries = retries;
        this.network = network;
    }

    /** Unforeseen failures (bugs) end the item as failed, at once. */
    public static Verdict verdict(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Rule rule : RULES) {
                if (rule.matches().test(t)) {
                    return rule.verdict;
                }
            }
        }
        return FAIL;
    }

    /**
     * The redelivery policy's retryWhile: a retried kind of failure, and attempts left; a failure that is
     * the network's (it is judged gone) is retried whatever its kind, and costs no attempt; so is one where
     * our store could not be reached, for as long as items wait for the network.
     */
    public boolean retry(Exchange exchange) {
        // The redelivery policy has moved the exception aside by the time it asks.
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (error == null) {
            return false;
        }
        Attempt attempt = Attempt.of(exchange);
        // No request was made: tried again at no cost to the URL, for as long as items wait for the network.
        if (SlotWait.timedOut(error) && attempt.waitForSlot(network.maxWait())) {
            return true;
        }
        if (verdict(error) == STORE_AWAY) {
            // Not the item's host failing, so the network is not told; the item waits as long as for it.
            return attempt.waitForStore(network.maxWait());
        }
        if (network.failed(Hosts.of(attempt.item()), error)) {
            attempt.forgive();
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, NETWORK_RECHECK_MILLIS);
            return true;
        }
        return verdict(error).retried()
                && attempt.countedAttempts() <= retries;
    }

}
