package org.imagedownloader.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-URL side's way into the output folder: checked folder names, one index per folder, temp names. */
class FoldersTest {

    @TempDir
    Path output;

    @Test
    void aFolderNameFromAMessageMustBeOneSafeNameUnderTheOutput() {
        Folders folders = new Folders(output, "tag");
        assertThat(folders.folder("cats")).isEqualTo(output.resolve("cats"));
        for (String bad : new String[] {"../etc", "a/b", ".hidden", "..", "", "con"}) {
            assertThatThrownBy(() -> folders.folder(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> folders.folder(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIndexSetAsideForOthersIsTheSameIndexAndStillKnowsItsFiles() throws Exception {
        Folders folders = new Folders(output, "tag");
        folders.start();
        FolderIndex cats = folders.index("cats");
        URI url = URI.create("http://a.example/x.jpg");
        Path temp = Files.writeString(folders.tempFile(folders.folder("cats")), "x");
        assertThat(FolderIndexTest.save(cats, url, "x.jpg", temp)).isEqualTo("x.jpg");
        for (int i = 0; i < 40; i++) {
            folders.index("other" + i); // more folders than are kept in memory
        }
        assertThat(folders.index("cats")).isSameAs(cats);
        assertThat(cats.existingFile(url)).contains("x.jpg");
        assertThat(cats.claim(URI.create("http://b.example/x.jpg"), "x.jpg")).isEqualTo("x-2.jpg");
    }

    @Test
    void temporaryNamesCarryTheWriterTag() {
        Folders folders = new Folders(output, "1f-abc");
        String name = folders.tempFile(output).getFileName().toString();
        assertThat(name).startsWith(".imgdl-1f-abc-").endsWith(".part");
        assertThat(Folders.tagOf(name)).isEqualTo("1f-abc");
        assertThat(Folders.tagOf("photo.part")).isNull();
        assertThat(Folders.tagOf(".imgdl-1234.part")).isEmpty();
    }
}
