package org.imagedownloader.polite;

import org.imagedownloader.attempt.RetryableFetchException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.junit.jupiter.api.Test;

class NetworkTest {

    /** A loopback port with nothing listening: connecting is refused. */
    private static String closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    @Test
    void failuresToReachAServerAreTheNetworksKindTheOthersAreNot() {
        assertThat(Network.unreached(new UnknownHostException("x.invalid"))).isTrue();
        assertThat(Network.unreached(new HttpHostConnectException("refused"))).isTrue();
        assertThat(Network.unreached(new IOException("wrapped", new ConnectException("refused")))).isTrue();
        assertThat(Network.unreached(new SocketTimeoutException("read timed out"))).isFalse();
        assertThat(Network.unreached(new RetryableFetchException("HTTP 503", 503))).isFalse();
        assertThat(Network.unreached(new java.net.SocketException("Network is unreachable (connect failed)"))).isTrue();
    }

    @Test
    void oneFailingHostIsNoOutageTwoWithNoAnswerBetweenAre() {
        Network network = new Network(Duration.ofMinutes(30), null);
        assertThat(network.failed("a:80", new ConnectException("refused"))).isFalse();
        assertThat(network.failed("a:80", new ConnectException("refused"))).isFalse();
        assertThat(network.waitNanos("c:80")).isZero();
        assertThat(network.failed("b:80", new ConnectException("refused"))).isTrue();
        assertThat(network.waitNanos("c:80")).isPositive();
        network.answered("c:80");
        assertThat(network.waitNanos("c:80")).isZero();
        // An answer in between resets the count: a dead host among live ones never adds up to an outage.
        network.failed("a:80", new ConnectException("refused"));
        network.answered("c:80");
        assertThat(network.failed("b:80", new ConnectException("refused"))).isFalse();
    }

    @Test
    void afterAProbeNobodyAnsweredOneItemOfAHostThatHasNotFailedMayTry() throws Exception {
        Network network = new Network(Duration.ofMinutes(30), null);
        network.failed(closedPort(), new ConnectException("refused"));
        String dead = closedPort();
        network.failed(dead, new ConnectException("refused"));
        assertThat(network.waiting()).isFalse(); // not confirmed before a probe
        network.probe();
        assertThat(network.waiting()).isTrue();
        assertThat(network.waitNanos(dead)).isPositive();
        assertThat(network.waitNanos("other:80")).isZero();
        assertThat(network.waitNanos("another:80")).isPositive(); // one per probe round
    }

    @Test
    void theProberEndsTheWaitWhenAHostAnswersAndGivesUpAfterTheLongestWait() throws Exception {
        try (ServerSocket live = new ServerSocket(0)) {
            Network network = new Network(Duration.ofMinutes(30), null);
            network.failed(closedPort(), new ConnectException("refused"));
            network.failed("127.0.0.1:" + live.getLocalPort(), new ConnectException("refused"));
            network.probe();
            assertThat(network.waiting()).isFalse();
        }
        Network impatient = new Network(Duration.ofSeconds(1), null);
        impatient.failed(closedPort(), new ConnectException("refused"));
        impatient.failed(closedPort(), new ConnectException("refused"));
        impatient.probe();
        assertThat(impatient.waiting()).isTrue();
        // The prober lets the items go at its first round after the longest wait.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            impatient.probe();
            return impatient.gaveUp();
        });
        assertThat(impatient.waiting()).isFalse();
        assertThat(impatient.explain(new ConnectException("refused"))).isEqualTo("network unreachable for 1 s");
        assertThat(impatient.explain(new SocketTimeoutException("read timed out"))).isNull();
        // Let go, items fail as usual and no longer wait, until a server answers again.
        assertThat(impatient.failed("x:80", new ConnectException("refused"))).isFalse();
        impatient.answered("x:80");
        assertThat(impatient.explain(new ConnectException("refused"))).isNull();
    }

    @Test
    void spansReadAsAPersonWouldSayThem() {
        assertThat(Network.span(Duration.ofMinutes(30))).isEqualTo("30 min");
        assertThat(Network.span(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(Network.span(Duration.ofSeconds(90))).isEqualTo("90 s");
    }

    @Test
    void probesGoThroughTheProxyThatRequestsWouldTake() throws Exception {
        try (ServerSocket proxy = new ServerSocket(0)) {
            java.net.ProxySelector via = new java.net.ProxySelector() {
                @Override
                public java.util.List<java.net.Proxy> select(java.net.URI uri) {
                    return java.util.List.of(new java.net.Proxy(java.net.Proxy.Type.HTTP,
                            java.net.InetSocketAddress.createUnresolved("127.0.0.1", proxy.getLocalPort())));
                }

                @Override
                public void connectFailed(java.net.URI uri, java.net.SocketAddress sa, IOException ioe) {
                }
            };
            Network network = new Network(Duration.ofMinutes(30), via);
            network.failed(closedPort(), new ConnectException("refused"));
            network.failed(closedPort(), new ConnectException("refused"));
            network.probe(); // the hosts refuse, but the proxy answers: requests would get through again
            assertThat(network.judgedGone()).isFalse();
        }
    }
}
