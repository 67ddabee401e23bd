package org.imagedownloader.polite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.Outcome;
import org.junit.jupiter.api.Test;

class HostsTest {

    private final CamelContext camel = new DefaultCamelContext();
    private final Network network = new Network(Duration.ofMinutes(30), null);

    private static Item item(String url) {
        return new Item("run", "l.txt", "l", 0, 1, url, URI.create(url), null, null);
    }

    private Exchange exchange(String url) {
        Exchange e = new DefaultExchange(camel);
        e.getIn().setBody(item(url));
        return e;
    }

    @Test
    void aHostIsItsNameAndPortWithTheSchemesDefault() {
        assertThat(Hosts.of(item("http://Example.org/a.jpg"))).isEqualTo("example.org:80");
        assertThat(Hosts.of(item("https://example.org/a.jpg"))).isEqualTo("example.org:443");
        assertThat(Hosts.of(item("http://example.org:8080/a.jpg"))).isEqualTo("example.org:8080");
        assertThat(Hosts.of(new Item("run", "l.txt", "l", 0, 1, "x", null, Outcome.INVALID, "bad"))).isNull();
    }

    @Test
    void aHostAtItsLimitWaitsForATurnGivenBackWhenAnItemEnds() {
        Hosts hosts = new Hosts(2, 0, network);
        AtomicInteger woken = new AtomicInteger();
        hosts.onRelease(woken::incrementAndGet);
        long now = System.nanoTime();
        Exchange first = exchange("http://a.example/1.jpg");
        assertThat(hosts.tryTake(first, now)).isZero();
        assertThat(hosts.tryTake(exchange("http://a.example/2.jpg"), now)).isZero();
        assertThat(hosts.tryTake(exchange("http://a.example/3.jpg"), now)).isEqualTo(Long.MAX_VALUE);
        assertThat(hosts.tryTake(exchange("http://b.example/1.jpg"), now)).isZero();
        // The turn goes back when the item's exchange is done, however it ended.
        first.getExchangeExtension().handoverCompletions().forEach(s -> s.onComplete(first));
        assertThat(woken).hasValue(1);
        assertThat(hosts.tryTake(exchange("http://a.example/3.jpg"), now)).isZero();
    }

    @Test
    void requestsToAHostAreSpacedByItsRateFirstAttemptsAndRetriesAlike() throws Exception {
        Hosts hosts = new Hosts(10, 2, network); // one request every 500 ms
        long now = System.nanoTime();
        Exchange first = exchange("http://a.example/1.jpg");
        Exchange second = exchange("http://a.example/2.jpg");
        assertThat(hosts.tryTake(first, now)).isZero();
        assertThat(hosts.tryTake(second, now)).isZero(); // taking costs the rate nothing: an item may need no request
        hosts.ready(first);
        assertThatThrownBy(() -> hosts.ready(second)).isInstanceOf(Hosts.Busy.class);
        assertThat(second.getIn().getHeader(Exchange.REDELIVERY_DELAY, Long.class)).isBetween(1L, 500L);
        long wait = hosts.tryTake(exchange("http://a.example/3.jpg"), now + TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(TimeUnit.NANOSECONDS.toMillis(wait)).isBetween(300L, 500L);
    }

    @Test
    void aPausedHostTakesNoNewItemAndNoRetryUntilThePauseIsOver() throws Exception {
        Hosts hosts = new Hosts(10, 0, network);
        Exchange answered = exchange("http://a.example/1.jpg");
        hosts.pause(answered, Duration.ofSeconds(3), 429);
        long now = System.nanoTime();
        long wait = hosts.tryTake(exchange("http://a.example/2.jpg"), now);
        assertThat(TimeUnit.NANOSECONDS.toMillis(wait)).isBetween(2_900L, 3_000L);
        assertThat(hosts.tryTake(exchange("http://b.example/1.jpg"), now)).isZero();
        assertThatThrownBy(() -> hosts.ready(answered)).isInstanceOf(Hosts.Busy.class).hasMessageContaining("a.example:80");
        assertThat(hosts.tryTake(exchange("http://a.example/2.jpg"), now + TimeUnit.SECONDS.toNanos(3))).isZero();
    }

    @Test
    void aPauseIsToldWithItsEndAndAPauseMetElsewhereIsHonouredHere() throws Exception {
        Hosts here = new Hosts(10, 0, network);
        List<Map.Entry<String, Long>> told = new ArrayList<>();
        here.onPause((host, until) -> told.add(Map.entry(host, until)));
        long before = System.currentTimeMillis();
        here.pause(exchange("http://a.example/1.jpg"), Duration.ofSeconds(20), 429);
        here.pause(exchange("http://a.example/2.jpg"), Duration.ofSeconds(5), 429); // shorter: nothing new
        assertThat(told).hasSize(1);
        assertThat(told.get(0).getKey()).isEqualTo("a.example:80");
        assertThat(told.get(0).getValue() - before).isBetween(20_000L, 21_000L);

        Hosts there = new Hosts(10, 0, network);
        there.pausedElsewhere("a.example:80", told.get(0).getValue());
        there.pausedElsewhere("b.example:80", System.currentTimeMillis() - 1); // over already
        long now = System.nanoTime();
        assertThat(TimeUnit.NANOSECONDS.toSeconds(there.tryTake(exchange("http://a.example/3.jpg"), now))).isBetween(18L, 20L);
        assertThat(there.tryTake(exchange("http://b.example/1.jpg"), now)).isZero();
    }

    @Test
    void nothingIsTakenAndNoAttemptStartsWhileTheNetworkIsAway() {
        Hosts hosts = new Hosts(10, 0, network);
        network.failed("a.example:80", new java.net.ConnectException("refused"));
        network.failed("b.example:80", new java.net.ConnectException("refused"));
        assertThat(hosts.tryTake(exchange("http://c.example/1.jpg"), System.nanoTime())).isPositive();
        assertThatThrownBy(() -> hosts.ready(exchange("http://c.example/1.jpg"))).isInstanceOf(Hosts.Busy.class)
                .hasMessageContaining("the network");
        network.answered("c.example:80");
        assertThat(hosts.tryTake(exchange("http://c.example/1.jpg"), System.nanoTime())).isZero();
    }

    @Test
    void theNetworksTrialItemIsLetThroughBothAtTheQueueAndAtItsFirstAttempt() throws Exception {
        Hosts hosts = new Hosts(10, 0, network);
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            closed.close();
            String dead = "127.0.0.1:" + closed.getLocalPort();
            network.failed(dead, new java.net.ConnectException("refused"));
            network.failed("127.0.0.1:1", new java.net.ConnectException("refused"));
            network.probe(); // nobody answers: one item of a host that has not failed may try
            Exchange trial = exchange("http://c.example/1.jpg");
            assertThat(hosts.tryTake(trial, System.nanoTime())).isZero();
            hosts.ready(trial); // not held at the route either
            assertThat(hosts.tryTake(exchange("http://d.example/1.jpg"), System.nanoTime())).isPositive();
        }
    }
}
