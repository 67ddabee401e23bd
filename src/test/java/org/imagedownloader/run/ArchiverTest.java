package org.imagedownloader.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An archive never overwrites a list (or a note) archived earlier under the same name. */
class ArchiverTest {

    @TempDir
    Path inbox;

    @Test
    void theFirstListOfANameKeepsItAndLaterOnesAreNumbered() throws Exception {
        Path list = inbox.resolve("cats.txt");
        assertThat(Archiver.archiveName(list, ".done")).isEqualTo(".done/cats.txt");

        Files.createDirectories(inbox.resolve(".done"));
        Files.writeString(inbox.resolve(".done/cats.txt"), "");
        Files.writeString(inbox.resolve(".done/cats-2.txt"), "");

        assertThat(Archiver.archiveName(list, ".done")).isEqualTo(".done/cats-3.txt");
    }

    @Test
    void aNoteLeftWithoutItsListStillTakesTheName() throws Exception {
        Files.createDirectories(inbox.resolve(".error"));
        Files.writeString(inbox.resolve(".error/cats.txt.error.txt"), "cats.txt: not UTF-8 text");

        assertThat(Archiver.archiveName(inbox.resolve("cats.txt"), ".error")).isEqualTo(".error/cats-2.txt");
    }
}
