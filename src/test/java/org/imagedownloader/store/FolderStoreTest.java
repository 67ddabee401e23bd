package org.imagedownloader.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output as a folder of list folders: checked folder names, uploads, publishing, temp names. */
class FolderStoreTest {

    @TempDir
    Path output;

    FolderStore store;

    @BeforeEach
    void start() {
        store = new FolderStore(output, "tag", Duration.ofMillis(500));
        store.start();
    }

    @AfterEach
    void stop() {
        store.stop();
    }

    /** Uploads the text's bytes and publishes them for the URL, as the saver does. */
    static Published save(ListStore list, String url, String wanted, String text, boolean dedup) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (Upload upload = list.newUpload(ImageType.JPEG)) {
            upload.write(bytes, bytes.length);
            return list.publish(URI.create(url), wanted, upload, FolderIndexTest.sha256(bytes), null, dedup);
        }
    }

    private static long files(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    @Test
    void aFolderNameFromAMessageMustBeOneSafeNameUnderTheOutput() {
        assertThat(store.folder("cats")).isEqualTo(output.resolve("cats"));
        for (String bad : new String[] {"../etc", "a/b", ".hidden", "..", "", "con"}) {
            assertThatThrownBy(() -> store.list(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.list(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPublishedUploadIsFoundAgainWithItsSizeAndHashAndNothingElseIsLeft() throws Exception {
        ListStore cats = store.list("cats");
        assertThat(save(cats, "http://a.example/x.jpg", "x.jpg", "image", true)).isEqualTo(new Published("x.jpg", false));
        String sha256 = FolderIndexTest.sha256("image".getBytes(StandardCharsets.UTF_8));
        assertThat(cats.existing(URI.create("http://a.example/x.jpg"))).contains(new Saved("x.jpg", 5, sha256));
        assertThat(cats.sha256("x.jpg")).isEqualTo(sha256);
        assertThat(files(output.resolve("cats"))).isEqualTo(1);
    }

    @Test
    void anUploadClosedUnpublishedLeavesNothing() throws Exception {
        ListStore cats = store.list("cats");
        try (Upload upload = cats.newUpload(ImageType.JPEG)) {
            upload.write(new byte[] {1, 2, 3}, 3);
        }
        assertThat(files(output.resolve("cats"))).isZero();
    }

    @Test
    void anIndexNobodyUsesIsLetGoAndTheListStillKnowsItsFilesAfterwards() {
        ListStore cats = store.list("cats");
        URI url = URI.create("http://a.example/x.jpg");
        assertThat(save(cats, url.toString(), "x.jpg", "x", false).name()).isEqualTo("x.jpg");
        for (int i = 0; i < 40; i++) {
            save(store.list("other" + i), "http://a.example/" + i, i + ".jpg", "x" + i, false);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> store.openIndexes() == 0);

        assertThat(cats.existing(url).map(Saved::name)).contains("x.jpg");
        assertThat(save(cats, "http://b.example/x.jpg", "x.jpg", "y", false).name()).isEqualTo("x-2.jpg");
        assertThat(store.openIndexes()).isEqualTo(1);
    }

    @Test
    void anIndexInUseWhenTheStoreStopsIsClosedOnceItsWorkIsDone() {
        ListStore cats = store.list("cats");
        String name = store.withIndex("cats", index -> {
            store.stop();
            return save(cats, "http://a.example/x.jpg", "x.jpg", "x", false).name();
        });
        assertThat(name).isEqualTo("x.jpg");
        assertThat(store.openIndexes()).isZero();
    }

    @Test
    void temporaryNamesCarryTheWriterTag() {
        FolderStore tagged = new FolderStore(output, "1f-abc", Duration.ofMillis(500));
        String name = tagged.tempFile(output).getFileName().toString();
        assertThat(name).startsWith(".imgdl-1f-abc-").endsWith(".part");
        assertThat(FolderStore.tagOf(name)).isEqualTo("1f-abc");
        assertThat(FolderStore.tagOf("photo.part")).isNull();
        assertThat(FolderStore.tagOf(".imgdl-1234.part")).isEmpty();
    }
}
