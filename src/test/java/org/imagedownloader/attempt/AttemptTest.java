package org.imagedownloader.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.imagedownloader.message.Item;
import org.junit.jupiter.api.Test;

class AttemptTest {

    private static Attempt attempt() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(new Item("run-1", "cats.txt", "cats", 0, 1, "http://x/a.jpg",
                URI.create("http://x/a.jpg"), null, null));
        return Attempt.of(exchange);
    }

    @Test
    void aWaitForASlotCostsNoRetryUntilItHasLastedTheLongestWait() {
        Attempt attempt = attempt();
        attempt.requested();
        assertThat(attempt.waitForSlot(Duration.ofMinutes(1))).isTrue();
        attempt.requested();
        assertThat(attempt.waitForSlot(Duration.ofMinutes(1))).isTrue();
        assertThat(attempt.attempts()).isEqualTo(2);
        assertThat(attempt.countedAttempts()).isZero();

        Attempt stuck = attempt();
        stuck.requested();
        assertThat(stuck.waitForSlot(Duration.ZERO)).isFalse();
        assertThat(stuck.countedAttempts()).isEqualTo(1);
    }
}
