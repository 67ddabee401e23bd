package org.imagedownloader.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OffsetsTest {

    @Test
    void aRecordStillOutDoesNotHoldBackTheCommitOfTheOnesAfterIt() {
        Offsets<String> offsets = new Offsets<>();
        offsets.assigned("p", 10, "", 0);
        for (long o = 10; o < 15; o++) {
            offsets.taken("p", o);
        }
        offsets.ended("p", 10);
        offsets.ended("p", 12);
        offsets.ended("p", 14);
        Offsets.Commit commit = offsets.commit("p");
        assertThat(commit.offset()).as("as far as read").isEqualTo(15);
        assertThat(Offsets.holes(commit.metadata(), commit.offset())).containsExactly(11L, 13L);
    }

    @Test
    void theNextOwnerStartsAtTheFirstHoleAndTakesOnlyTheHolesUntilTheCommittedOffset() {
        Offsets<String> before = new Offsets<>();
        before.assigned("p", 0, null, 0);
        for (long o = 0; o < 8; o++) {
            before.taken("p", o);
            if (o != 2 && o != 5) {
                before.ended("p", o);
            }
        }
        Offsets.Commit commit = before.commit("p");

        Offsets<String> next = new Offsets<>();
        assertThat(next.assigned("p", commit.offset(), commit.metadata(), 0)).isEqualTo(2);
        List<Long> takenAgain = new ArrayList<>();
        for (long o = 2; o < 10; o++) {
            if (next.taken("p", o)) {
                takenAgain.add(o);
            }
        }
        assertThat(takenAgain).containsExactly(2L, 5L, 8L, 9L);
    }

    @Test
    void holesNotReadAgainYetStayInTheNextCommit() {
        Offsets<String> offsets = new Offsets<>();
        offsets.assigned("p", 100, "1e,1", 0); // holes 50 and 51
        Offsets.Commit commit = offsets.commit("p");
        assertThat(commit.offset()).isEqualTo(100);
        assertThat(Offsets.holes(commit.metadata(), 100)).containsExactly(50L, 51L);
        assertThat(offsets.taken("p", 50)).isTrue();
        offsets.ended("p", 50);
        assertThat(Offsets.holes(offsets.commit("p").metadata(), 100)).containsExactly(51L);
    }

    @Test
    void holesBeyondWhatTheMetadataHoldsAreKeptByCommittingLess() {
        Offsets<String> offsets = new Offsets<>();
        offsets.assigned("p", 0, "", 0);
        Random random = new Random(7);
        Set<Long> out = new TreeSet<>();
        long o = 0;
        for (int i = 0; i < 5_000; i++) {
            o += 1 + random.nextInt(100_000);
            offsets.taken("p", o);
            out.add(o);
        }
        Offsets.Commit commit = offsets.commit("p");
        assertThat(commit.metadata().length()).isLessThanOrEqualTo(Offsets.MAX_METADATA);
        assertThat(commit.offset()).isLessThan(o);
        Set<Long> listed = Offsets.holes(commit.metadata(), commit.offset());
        assertThat(out).as("every hole listed or at or after the committed offset")
                .allSatisfy(hole -> assertThat(listed.contains(hole) || hole >= commit.offset()).isTrue());
    }

    @Test
    void partitionsAreIndependentAndARecordEndedTwiceEndsOnce() {
        Offsets<String> offsets = new Offsets<>();
        offsets.assigned("a", 0, null, 0);
        offsets.assigned("b", 0, null, 0);
        offsets.taken("a", 0);
        offsets.taken("b", 0);
        assertThat(offsets.ended("b", 0)).isTrue();
        assertThat(offsets.ended("b", 0)).isFalse();
        assertThat(offsets.ended("a", 7)).as("never taken").isFalse();
        assertThat(offsets.ended("c", 0)).as("unknown partition").isFalse();
        assertThat(offsets.commit("a").metadata()).isEqualTo("0");
        assertThat(offsets.commit("b")).isEqualTo(new Offsets.Commit(1, ""));
    }

    @Test
    void aPartitionGoneToAnotherDaemonIsNoLongerCommitted() {
        Offsets<String> offsets = new Offsets<>();
        offsets.assigned("p", 0, null, 0);
        offsets.taken("p", 0);
        offsets.forget(Set.of("p"));
        assertThat(offsets.owns("p")).isFalse();
        assertThat(offsets.ended("p", 0)).isFalse();
    }

    @Test
    void holesTheLogNoLongerKeepsAreDroppedAndAPartitionNotPlacedTakesNothing() {
        Offsets<String> offsets = new Offsets<>();
        assertThat(offsets.taken("p", 5)).as("not placed yet").isFalse();
        assertThat(offsets.assigned("p", 100, "1e,1,a", 51)).as("50 is gone with its record").isEqualTo(51);
        assertThat(Offsets.holes(offsets.commit("p").metadata(), 100)).containsExactly(51L, 61L);
    }

    @Test
    void metadataThatNamesNoHolesIsRefused() {
        assertThatThrownBy(() -> Offsets.holes("not holes!", 10)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Any order of ending, handed over at any point: no record is lost, and none done is taken again. */
    @Test
    void handedOverAtAnyPointNothingIsLostAndNothingDoneIsTakenAgain() {
        Random random = new Random(42);
        for (int trial = 0; trial < 300; trial++) {
            int n = 60;
            Offsets<Integer> first = new Offsets<>();
            first.assigned(0, 0, null, 0);
            List<Long> order = new ArrayList<>();
            int read = random.nextInt(n + 1);
            for (long o = 0; o < read; o++) {
                first.taken(0, o);
                order.add(o);
            }
            Collections.shuffle(order, random);
            Set<Long> done = new HashSet<>(order.subList(0, random.nextInt(order.size() + 1)));
            done.forEach(o -> first.ended(0, o));
            Offsets.Commit commit = first.commit(0);

            Offsets<Integer> second = new Offsets<>();
            long start = second.assigned(0, commit.offset(), commit.metadata(), 0);
            Set<Long> again = new HashSet<>();
            for (long o = start; o < n; o++) {
                if (second.taken(0, o)) {
                    again.add(o);
                }
            }
            for (long o = 0; o < n; o++) {
                assertThat(again.contains(o)).as("record %d (done: %s)", o, done.contains(o)).isEqualTo(!done.contains(o));
            }
        }
    }
}
