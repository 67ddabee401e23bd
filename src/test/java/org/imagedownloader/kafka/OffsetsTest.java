package org.imagedownloader.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OffsetsTest {

    @Test
    void aPartitionIsCommittedOnlyUpToItsFirstRecordStillOut() {
        Offsets<String> offsets = new Offsets<>();
        for (long o = 10; o < 15; o++) {
            offsets.taken("p", o);
        }
        assertThat(offsets.ended("p", 12)).isEmpty();
        assertThat(offsets.ended("p", 11)).isEmpty();
        assertThat(offsets.ended("p", 10)).hasValue(13); // 10, 11, 12 done: read on from 13
        assertThat(offsets.ended("p", 14)).isEmpty();
        assertThat(offsets.ended("p", 13)).hasValue(15);
    }

    @Test
    void partitionsAreIndependentAndARecordEndedTwiceCommitsNothingMore() {
        Offsets<String> offsets = new Offsets<>();
        offsets.taken("a", 0);
        offsets.taken("b", 0);
        offsets.taken("b", 1);
        assertThat(offsets.ended("b", 0)).hasValue(1);
        assertThat(offsets.ended("b", 0)).isEmpty();
        assertThat(offsets.ended("a", 7)).as("never taken").isEmpty();
        assertThat(offsets.ended("c", 0)).as("unknown partition").isEmpty();
        assertThat(offsets.ended("a", 0)).hasValue(1);
    }

    @Test
    void inAnyOrderOfEndingTheCommitsOnlyMoveForwardAndEndAtTheLastRecord() {
        Random random = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            Offsets<Integer> offsets = new Offsets<>();
            List<Long> order = new ArrayList<>();
            for (long o = 0; o < 50; o++) {
                offsets.taken(0, o);
                order.add(o);
            }
            Collections.shuffle(order, random);
            long committed = 0;
            List<Long> ended = new ArrayList<>();
            for (long o : order) {
                ended.add(o);
                OptionalLong next = offsets.ended(0, o);
                if (next.isPresent()) {
                    assertThat(next.getAsLong()).isGreaterThan(committed);
                    committed = next.getAsLong();
                }
                for (long before = 0; before < committed; before++) {
                    assertThat(ended).as("everything before a commit has ended").contains(before);
                }
            }
            assertThat(committed).isEqualTo(50);
        }
    }
}
