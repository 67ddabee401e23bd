package org.imagedownloader.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.imagedownloader.message.Outcome;
import org.junit.jupiter.api.Test;

class ProgressTest {

    /** Counts in Outcome order: downloaded, skipped, duplicate, rejected, failed, invalid. */
    private static Progress progress(long... counts) {
        long done = 0;
        for (long c : counts) {
            done += c;
        }
        return new Progress("photos.txt", done, done, counts, 5_000_000, 2_000_000_000L);
    }

    @Test
    void countIsReadByOutcome() {
        Progress p = progress(1, 2, 3, 4, 5, 6);
        assertThat(p.count(Outcome.DOWNLOADED)).isEqualTo(1);
        assertThat(p.count(Outcome.SKIPPED)).isEqualTo(2);
        assertThat(p.count(Outcome.DUPLICATE)).isEqualTo(3);
        assertThat(p.count(Outcome.REJECTED)).isEqualTo(4);
        assertThat(p.count(Outcome.FAILED)).isEqualTo(5);
        assertThat(p.count(Outcome.INVALID)).isEqualTo(6);
    }

    @Test
    void problemsCountRejectedFailedAndInvalidOnly() {
        assertThat(progress(1, 2, 3, 4, 5, 6).problems()).isEqualTo(4 + 5 + 6);
        assertThat(progress(100, 20, 3, 0, 0, 0).problems()).isZero();
        assertThat(progress(0, 0, 0, 1, 0, 0).problems()).isEqualTo(1);
        assertThat(progress(0, 0, 0, 0, 1, 0).problems()).isEqualTo(1);
        assertThat(progress(0, 0, 0, 0, 0, 1).problems()).isEqualTo(1);
    }

    @Test
    void summaryLineHasEveryOutcomeLabelWithItsCount() {
        String line = progress(11, 22, 33, 44, 55, 66).summaryLine();
        assertThat(line).startsWith("photos.txt finished in 2.0 s: ");
        assertThat(line).contains("11 downloaded", "22 skipped", "33 duplicate", "44 rejected", "55 failed",
                "66 invalid");
        for (Outcome o : Outcome.values()) {
            assertThat(line).contains(o.label());
        }
    }

    @Test
    void summaryLineListsOutcomesInOrderThenRates() {
        String line = progress(11, 22, 33, 44, 55, 66).summaryLine();
        assertThat(line).isEqualTo("photos.txt finished in 2.0 s: 11 downloaded, 22 skipped, 33 duplicate, "
                + "44 rejected, 55 failed, 66 invalid; 5.0 MB, 115.5 items/s, 5.5 images/s");
    }

    @Test
    void summaryLineShowsZeroCounts() {
        String line = progress(0, 0, 0, 0, 0, 0).summaryLine();
        assertThat(line).contains("0 downloaded", "0 skipped", "0 duplicate", "0 rejected", "0 failed", "0 invalid");
    }

    @Test
    void zeroElapsedTimeDoesNotBreakRates() {
        Progress p = new Progress("l.txt", 3, 3, new long[] {3, 0, 0, 0, 0, 0}, 0, 0);
        assertThat(p.summaryLine()).doesNotContain("Infinity", "NaN").contains("3 downloaded");
        assertThat(p.progressLine()).doesNotContain("Infinity", "NaN");
    }

    @Test
    void progressLineShowsDoneTotalAndProblems() {
        Progress p = new Progress("photos.txt", 7, 10, new long[] {4, 1, 0, 1, 0, 1}, 2_000_000, 1_000_000_000L);
        assertThat(p.progressLine()).isEqualTo("photos.txt: 7/10 done, 4.0 images/s, 2.0 MB/s, 2 rejected/failed/invalid");
    }

    @Test
    void secondsConvertsNanos() {
        assertThat(progress(0, 0, 0, 0, 0, 0).seconds()).isEqualTo(2.0);
    }
}
