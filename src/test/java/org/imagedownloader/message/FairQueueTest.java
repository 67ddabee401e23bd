package org.imagedownloader.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The item seam's queue serves the open lists in turn, whatever order their items were queued in. */
class FairQueueTest {

    private final FairQueue<String> queue = new FairQueue<>(s -> s.charAt(0));

    private List<String> drain() {
        List<String> out = new ArrayList<>();
        queue.drainTo(out);
        return out;
    }

    @Test
    void aListQueuedBehindALongOneIsServedEveryOtherTurn() {
        for (int i = 1; i <= 5; i++) {
            queue.offer("a" + i);
        }
        queue.offer("b1");
        queue.offer("b2");
        assertThat(drain()).containsExactly("a1", "b1", "a2", "b2", "a3", "a4", "a5");
    }

    @Test
    void eachListKeepsItsOwnOrder() {
        List.of("a1", "b1", "c1", "a2", "c2", "a3").forEach(queue::offer);
        assertThat(drain()).containsExactly("a1", "b1", "c1", "a2", "c2", "a3");
    }

    @Test
    void aListThatRanDryAndComesBackTakesItsPlaceAtTheBack() throws Exception {
        queue.offer("a1");
        queue.offer("b1");
        queue.offer("b2");
        assertThat(queue.poll()).isEqualTo("a1");
        queue.offer("a2");
        assertThat(drain()).containsExactly("b1", "a2", "b2");
        assertThat(queue).isEmpty();
    }

    @Test
    void sizeCountsEveryQueuedItem() {
        List.of("a1", "a2", "b1").forEach(queue::offer);
        assertThat(queue).hasSize(3);
        assertThat(queue.peek()).isEqualTo("a1");
        assertThat(queue.remainingCapacity()).isEqualTo(Integer.MAX_VALUE);
        assertThat(queue.drainTo(new ArrayList<>(), 2)).isEqualTo(2);
        assertThat(queue).hasSize(1);
    }

    @Test
    void pollWaitsForAnItemUpToItsTimeout() throws Exception {
        assertThat(queue.poll(10, TimeUnit.MILLISECONDS)).isNull();
        CompletableFuture<String> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.poll(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        queue.offer("a1");
        assertThat(taken.get(30, TimeUnit.SECONDS)).isEqualTo("a1");
    }
}
