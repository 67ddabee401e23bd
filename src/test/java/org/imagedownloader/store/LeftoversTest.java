package org.imagedownloader.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.imagedownloader.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crash leaves behind is cleaned at start; nothing else is touched. */
class LeftoversTest {

    @TempDir
    Path root;

    @Test
    void ourTemporaryFilesAreRemovedAtStartAndNothingElse() throws Exception {
        Path folder = Files.createDirectories(root.resolve("downloads/cats"));
        Path partImage = Files.writeString(folder.resolve(".imgdl-1234.part"), "half an image");
        Path partReport = Files.writeString(root.resolve("downloads/.cats.report.csv.part"), "line,url");
        Path userHidden = Files.writeString(folder.resolve(".keep"), "mine");
        Path userPart = Files.writeString(folder.resolve("movie.part"), "mine too");
        Path image = Files.writeString(folder.resolve("cat.jpg"), "an image");

        try (TestApp app = TestApp.start(root, Map.of())) {
            assertThat(partImage).doesNotExist();
            assertThat(partReport).doesNotExist();
            assertThat(userHidden).exists();
            assertThat(userPart).exists();
            assertThat(image).exists();
            assertThat(app.inbox).isDirectory();
        }
    }
}
