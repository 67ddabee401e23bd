package org.imagedownloader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each image's size in the report, the size limits, and downloader.verify, through the real routes. */
class ImageSizeFlowTest {

    static ImageServer server;

    static final byte[] GIF_1X1 = Images.encoded("gif", 1, 1);
    static final byte[] PNG_40X200 = Images.encoded("png", 40, 200);
    static final byte[] JPEG_64X64 = Images.encoded("jpeg", 64, 64);
    static final byte[] PNG_120X90 = Images.encoded("png", 120, 90);
    static final byte[] JPEG_2000X1000 = Images.encoded("jpeg", 2000, 1000);
    static final byte[] PNG_800X600 = Images.encoded("png", 800, 600);
    static final byte[] JPEG_CUT = Images.cut(Images.encoded("jpeg", 800, 600), 0.6);
    static final byte[] PNG_CORRUPT = Images.corruptPngData(Images.encoded("png", 300, 200));
    static final byte[] PNG_BOMB = Images.blackPng(50_000, 50_000, 0);

    @BeforeAll
    static void start() {
        server = ImageServer.start()
                .serve("/tiny.gif", "image/gif", GIF_1X1)
                .serve("/thin.png", "image/png", PNG_40X200)
                .serve("/square.jpg", "image/jpeg", JPEG_64X64)
                .serve("/photo.png", "image/png", PNG_120X90)
                .serve("/wide.jpg", "image/jpeg", JPEG_2000X1000)
                .serve("/big.png", "image/png", PNG_800X600)
                .serve("/cut.jpg", "image/jpeg", JPEG_CUT)
                .serve("/corrupt.png", "image/png", PNG_CORRUPT)
                .serve("/bomb.png", "image/png", PNG_BOMB)
                .serve("/pixel.webp", "image/webp", Images.webp1x1());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyImageHasItsSizeInTheReportWhateverItsFormat(@TempDir Path root) throws Exception {
        try (TestApp app = TestApp.start(root, Map.of("downloader.watch", "false"))) {
            var report = app.runList("sizes", server.url("/tiny.gif"), server.url("/square.jpg"),
                    server.url("/big.png"), server.url("/pixel.webp"));

            assertThat(report).extracting(r -> r.get("outcome")).containsOnly("downloaded");
            assertThat(report).extracting(r -> r.get("width") + "x" + r.get("height"))
                    .containsExactly("1x1", "64x64", "800x600", "1x1");
            assertThat(app.folder("sizes").resolve("big.png")).hasBinaryContent(PNG_800X600);
        }
    }

    @Test
    void imagesBelowTheMinimumOrOverTheMostPixelsAreRejectedAndNotSaved(@TempDir Path root) throws Exception {
        try (TestApp app = TestApp.start(root, Map.of("downloader.watch", "false",
                "downloader.min-width", "64", "downloader.min-height", "64", "downloader.max-pixels", "1000000"))) {
            var report = app.runList("limits", server.url("/tiny.gif"), server.url("/thin.png"),
                    server.url("/square.jpg"), server.url("/photo.png"), server.url("/wide.jpg"));

            assertThat(TestApp.row(report, 1)).containsEntry("outcome", "rejected")
                    .containsEntry("error", "too small: 1x1 (minimum 64x64)").containsEntry("width", "1");
            assertThat(TestApp.row(report, 2)).containsEntry("outcome", "rejected")
                    .containsEntry("error", "too small: 40x200 (minimum 64x64)");
            assertThat(TestApp.row(report, 3)).containsEntry("outcome", "downloaded").containsEntry("width", "64");
            assertThat(TestApp.row(report, 4)).containsEntry("outcome", "downloaded").containsEntry("height", "90");
            assertThat(TestApp.row(report, 5)).containsEntry("outcome", "rejected")
                    .containsEntry("error", "too many pixels: 2000x1000 = 2000000 (maximum 1000000)");
            assertThat(files(app, "limits")).containsExactlyInAnyOrder("square.jpg", "photo.png");
        }
    }

    @Test
    void underHeaderVerificationBrokenImagesAreKeptAsServed(@TempDir Path root) throws Exception {
        try (TestApp app = TestApp.start(root, Map.of("downloader.watch", "false"))) {
            var report = app.runList("header", server.url("/cut.jpg"), server.url("/corrupt.png"), server.url("/bomb.png"));

            assertThat(report).extracting(r -> r.get("outcome")).containsOnly("downloaded");
            assertThat(app.folder("header").resolve("cut.jpg")).hasBinaryContent(JPEG_CUT);
            assertThat(app.folder("header").resolve("corrupt.png")).hasBinaryContent(PNG_CORRUPT);
            assertThat(TestApp.row(report, 3)).containsEntry("width", "50000").containsEntry("height", "50000");
        }
    }

    @Test
    void underDecodeVerificationImagesThatDoNotDecodeCleanlyAreRejected(@TempDir Path root) throws Exception {
        try (TestApp app = TestApp.start(root, Map.of("downloader.watch", "false", "downloader.verify", "decode"))) {
            var report = app.runList("decode", server.url("/cut.jpg"), server.url("/corrupt.png"),
                    server.url("/bomb.png"), server.url("/photo.png"), server.url("/pixel.webp"));

            assertThat(TestApp.row(report, 1)).containsEntry("outcome", "rejected");
            assertThat(TestApp.row(report, 1).get("error")).startsWith("could not decode: ").containsIgnoringCase("truncated");
            assertThat(TestApp.row(report, 2)).containsEntry("outcome", "rejected");
            assertThat(TestApp.row(report, 2).get("error")).startsWith("could not decode: ");
            assertThat(TestApp.row(report, 3)).containsEntry("outcome", "rejected")
                    .containsEntry("error", "too many pixels: 50000x50000 = 2500000000 (maximum 100000000)");
            assertThat(TestApp.row(report, 4)).containsEntry("outcome", "downloaded").containsEntry("error", "");
            assertThat(TestApp.row(report, 5)).containsEntry("outcome", "downloaded").containsEntry("error", "");
            assertThat(files(app, "decode")).containsExactlyInAnyOrder("photo.png", "pixel.webp");
        }
    }

    private static List<String> files(TestApp app, String folder) throws Exception {
        try (Stream<Path> files = Files.list(app.folder(folder))) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
