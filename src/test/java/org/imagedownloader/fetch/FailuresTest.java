package org.imagedownloader.fetch;

import org.imagedownloader.attempt.Reasons;
import org.imagedownloader.attempt.DeadlineInputStream;
import org.imagedownloader.attempt.RejectedException;
import org.imagedownloader.attempt.FetchException;
import org.imagedownloader.attempt.RetryableFetchException;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.CircularRedirectException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.imagedownloader.message.Outcome;
import org.imagedownloader.store.StorageException;
import org.junit.jupiter.api.Test;

/** Each kind of failure ends its item one way, and is tried again or not, as decided in one place. */
class FailuresTest {

    private static void ends(Throwable error, Outcome outcome, boolean retried) {
        Failures.Verdict verdict = Failures.verdict(error);
        assertThat(verdict.outcome()).as("%s", error).isEqualTo(outcome);
        assertThat(verdict.retried()).as("%s retried", error).isEqualTo(retried);
    }

    @Test
    void networkHiccupsAndOverloadedServersAreRetried() {
        ends(new ConnectException("Connection refused"), Outcome.FAILED, true);
        ends(new SocketTimeoutException("Read timed out"), Outcome.FAILED, true);
        ends(new ConnectionClosedException("Premature end"), Outcome.FAILED, true);
        // A lookup that failed for now (no DNS server answered), unlike a name that does not exist.
        ends(new UnknownHostException("cdn.example: Temporary failure in name resolution"), Outcome.FAILED, true);
        ends(new RetryableFetchException("HTTP 503", 503), Outcome.FAILED, true);
    }

    @Test
    void answersThatWouldNotChangeFailAtOnce() {
        ends(new FetchException("HTTP 404", 404), Outcome.FAILED, false);
        ends(new UnknownHostException("nowhere.invalid"), Outcome.FAILED, false);
        ends(new SSLHandshakeException("bad certificate"), Outcome.FAILED, false);
        ends(new CircularRedirectException("loop"), Outcome.FAILED, false);
        ends(new DeadlineInputStream.TooSlowException(java.time.Duration.ofSeconds(1)), Outcome.FAILED, false);
    }

    @Test
    void ourOwnDiskFailsAtOnceEvenThoughItWrapsAnIoError() {
        StorageException full = new StorageException(Path.of("/out/cats/x.jpg"), new IOException("No space left on device"));
        ends(full, Outcome.FAILED, false);
        assertThat(Failures.verdict(full).ourDisk()).isTrue();
        assertThat(Failures.verdict(new ConnectException("refused")).ourDisk()).isFalse();
    }

    @Test
    void responsesWeDoNotKeepAreRejectedAndPrivateAddressesInvalid() {
        ends(new RejectedException("content-type text/html"), Outcome.REJECTED, false);
        ends(new AddressGuard.BlockedAddressException("intranet", java.net.InetAddress.getLoopbackAddress()),
                Outcome.INVALID, false);
    }

    @Test
    void aWrapperIsJudgedByTheFirstKnownKindFromTheOutside() {
        ends(new RuntimeException("wrapped", new RetryableFetchException("HTTP 429", 429)), Outcome.FAILED, true);
        ends(new IllegalStateException("a bug"), Outcome.FAILED, false);
    }

    @Test
    void reasonsAreOneLineForAnOperator() {
        assertThat(Reasons.of(new FetchException("HTTP 404", 404))).isEqualTo("HTTP 404");
        assertThat(Reasons.of(new ConnectException("Connection refused"))).isEqualTo("ConnectException: Connection refused");
        assertThat(Reasons.of(new SocketTimeoutException())).isEqualTo("SocketTimeoutException");
        // A redirect's location, which the list never held, without its credentials or signed query.
        assertThat(Reasons.of(new CircularRedirectException(
                "Circular redirect to 'https://bob:pw@cdn.example/x.jpg?sig=abc&exp=1#f'")))
                .isEqualTo("CircularRedirectException: Circular redirect to 'https://***@cdn.example/x.jpg?***#f'");
    }
}
