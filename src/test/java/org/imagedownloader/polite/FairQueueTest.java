package org.imagedownloader.polite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
        CompletableFuture<String> taken = pollLater(queue);
        queue.offer("a1");
        assertThat(taken.get(30, TimeUnit.SECONDS)).isEqualTo("a1");
    }

    /** Lanes by the item's second letter (its host); the gate lets each lane have one item out at a time. */
    private static final class OnePerLane implements FairQueue.Gate<String> {
        final java.util.Set<Character> out = new java.util.HashSet<>();
        final java.util.Map<Character, Long> closedFor = new java.util.HashMap<>();

        @Override
        public synchronized long tryTake(String item, long now) {
            char lane = item.charAt(1);
            if (closedFor.containsKey(lane)) {
                return closedFor.get(lane);
            }
            return out.add(lane) ? 0 : Long.MAX_VALUE;
        }

        synchronized void giveBack(char lane) {
            out.remove(lane);
        }
    }

    private final OnePerLane gate = new OnePerLane();
    private final FairQueue<String> lanes = new FairQueue<>(s -> s.charAt(0), s -> s.charAt(1), gate);

    /** The thread of the latest {@link #pollLater} taker. */
    private final AtomicReference<Thread> taker = new AtomicReference<>();

    /** A taker waiting up to 30 s on another thread. */
    private CompletableFuture<String> pollLater(FairQueue<String> queue) {
        return CompletableFuture.supplyAsync(() -> {
            taker.set(Thread.currentThread());
            try {
                return queue.poll(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Waits until the taker is parked in the queue, having found nothing it may take. */
    private void awaitTakerParked() {
        await().atMost(Duration.ofSeconds(10)).until(() -> taker.get() != null
                && taker.get().getState() == Thread.State.TIMED_WAITING);
    }

    @Test
    void anItemWhoseLaneIsFullStaysQueuedAndTheNextEligibleOneIsHandedOut() throws Exception {
        List.of("ax1", "ax2", "ay1", "bx1", "by1").forEach(lanes::offer);
        assertThat(lanes.poll()).isEqualTo("ax1");
        assertThat(lanes.poll()).isEqualTo("by1"); // list b's turn; its x item waits for lane x
        assertThat(lanes.poll()).isEqualTo(null); // lane y is out too now, lane x still
        assertThat(lanes).hasSize(3);
        gate.giveBack('x');
        assertThat(lanes.poll()).isEqualTo("ax2");
        gate.giveBack('y');
        assertThat(lanes.poll()).isEqualTo("ay1");
    }

    @Test
    void aTakerWaitingForALaneIsWokenWhenATurnIsGivenBack() throws Exception {
        lanes.offer("ax1");
        lanes.offer("ax2");
        assertThat(lanes.poll()).isEqualTo("ax1");
        CompletableFuture<String> taken = pollLater(lanes);
        awaitTakerParked();
        assertThat(taken).isNotDone();
        gate.giveBack('x');
        lanes.wake();
        assertThat(taken.get(30, TimeUnit.SECONDS)).isEqualTo("ax2");
    }

    @Test
    void aLaneClosedForAWhileIsLookedAtAgainWhenItsTimeIsUpWithoutAWake() throws Exception {
        gate.closedFor.put('x', TimeUnit.MILLISECONDS.toNanos(100));
        lanes.offer("ax1");
        CompletableFuture<String> taken = pollLater(lanes);
        awaitTakerParked();
        synchronized (gate) {
            gate.closedFor.clear();
        }
        assertThat(taken.get(5, TimeUnit.SECONDS)).isEqualTo("ax1");
    }

    @Test
    void clearDropsEverythingWithoutTakingTurns() {
        List.of("ax1", "ax2", "bx1").forEach(lanes::offer);
        lanes.clear();
        assertThat(lanes).isEmpty();
        assertThat(gate.out).isEmpty();
    }

    @Test
    void itemsOfALaneTheGateTurnedAwayCountAsHeldUntilItLetsOneThrough() {
        List.of("ax1", "ax2", "bx1", "ay1").forEach(lanes::offer);
        assertThat(lanes.held()).isZero();
        assertThat(lanes.poll()).isEqualTo("ax1");
        assertThat(lanes.poll()).as("b's x waits; a's y goes").isEqualTo("ay1");
        assertThat(lanes.poll()).isNull();
        assertThat(lanes.held()).as("ax2 and bx1, turned away for lane x").isEqualTo(2);
        lanes.offer("ax3");
        assertThat(lanes.held()).isEqualTo(3);
        gate.giveBack('x');
        assertThat(lanes.poll()).isIn("ax2", "bx1");
        assertThat(lanes.held()).as("the lane let through is no longer held").isLessThan(3);
    }

    @Test
    void removeIfTakesOutMatchingItemsWithoutTakingTurns() {
        List.of("ax1", "ax2", "by1", "bx1").forEach(lanes::offer);
        assertThat(lanes.poll()).isEqualTo("ax1");
        assertThat(lanes.poll()).isEqualTo("by1");
        assertThat(lanes.poll()).isNull(); // ax2 and bx1 held for lane x
        assertThat(lanes.removeIf(s -> s.charAt(1) == 'x')).isTrue();
        assertThat(lanes).isEmpty();
        assertThat(lanes.held()).isZero();
        assertThat(gate.out).containsOnly('x', 'y');
        lanes.offer("cz1");
        assertThat(lanes.poll()).isEqualTo("cz1");
    }
}
