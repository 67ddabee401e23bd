package org.imagedownloader.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.imagedownloader.list.ListFile;
import org.imagedownloader.list.ListReader;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.ItemResult;
import org.imagedownloader.message.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the reader promises the splitter, whatever outcomes arrive between its hasNext and its next. */
class PromisedItemsTest {

    @TempDir
    Path dir;

    @Test
    void aLinePromisedPastTheWindowIsStillHandedOnWhenAnOutcomeMakesRoomBeforeItIsTaken() throws Exception {
        Path list = Files.writeString(dir.resolve("cats.txt"), "http://a.example/0.jpg\n".repeat(65));
        Path output = Files.createDirectories(dir.resolve("out"));
        // queue-size 1: the reader may be at most 64 lines past the first line without an outcome.
        ListRun run = new ListRun("run", list, ListFile.Stamp.of(list), "cats", output.resolve("cats.report.csv"), 65, 1,
                RunLock.tryTake(output, "cats").orElseThrow(), ReportCopy.none(output));
        try (PromisedItems items = new PromisedItems(run,
                new ListReader(list, "run", "cats", 2000, run::reachedEnd), run::record)) {
            Item first = items.next();
            assertThat(run.awaitRoom(first.seq(), true)).isTrue();
            assertThat(items.hasNext()).as("line 65 is past the window and must wait for its credit").isTrue();
            run.record(new ItemResult(first, Outcome.DOWNLOADED, 200, "0.jpg", 1, "image/jpeg", 1, 1, null, false, null, -1, -1));

            Item last = items.next();

            assertThat(last.line()).isEqualTo(65);
            assertThat(last.verdict()).isEqualTo(Outcome.DUPLICATE);
            assertThat(items.hasNext()).isFalse();
            assertThat(run.progress().done()).as("lines 2 to 64, decided while reading, and line 1").isEqualTo(64);
            assertThat(run.itemsAtEnd()).isEqualTo(65);
        } finally {
            run.close();
        }
    }
}
