package org.imagedownloader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exact about every byte: a sha256 per saved file, and one file per content in a list's folder. */
class IntegrityTest {

    @TempDir
    static Path root;
    static ImageServer server;
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        server = ImageServer.start();
        app = TestApp.start(root, Map.of("downloader.watch", "false", "downloader.dedup-content", "true"));
    }

    @AfterAll
    static void stop() {
        app.close();
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    private List<Map<String, String>> run(TestApp on, String listName, String... urls) throws Exception {
        Path list = on.root.resolve("lists").resolve(listName + ".txt");
        Files.createDirectories(list.getParent());
        Files.writeString(list, String.join("\n", urls) + "\n", StandardCharsets.UTF_8);
        assertThat(on.run(list).getException()).isNull();
        return on.report(listName);
    }

    private static Map<String, String> row(List<Map<String, String>> report, int line) {
        return report.stream().filter(r -> r.get("line").equals(Integer.toString(line))).findFirst().orElseThrow();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static List<String> files(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void everySavedFileHasTheSha256OfItsBytesOnDiskAlsoWhenSkippedLater() throws Exception {
        server.serve("/h/big.jpg", "image/jpeg", Images.jpeg(700_000, 101));
        server.serve("/h/small.png", "image/png", Images.png(3_000, 102));
        server.serve("/h/page.html", "text/html", "<html></html>".getBytes(StandardCharsets.UTF_8));

        var first = run(app, "hashes", server.url("/h/big.jpg"), server.url("/h/small.png"), server.url("/h/page.html"));

        Path folder = app.folder("hashes");
        for (int line = 1; line <= 2; line++) {
            Map<String, String> r = row(first, line);
            assertThat(r.get("outcome")).isEqualTo("downloaded");
            assertThat(r.get("sha256")).isEqualTo(sha256(Files.readAllBytes(folder.resolve(r.get("file")))));
        }
        assertThat(row(first, 3)).containsEntry("outcome", "rejected").containsEntry("sha256", "");

        var again = run(app, "hashes", server.url("/h/big.jpg"), server.url("/h/small.png"));
        assertThat(again).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("skipped"));
        assertThat(row(again, 1).get("sha256")).isEqualTo(row(first, 1).get("sha256"));
        assertThat(row(again, 2).get("sha256")).isEqualTo(row(first, 2).get("sha256"));
    }

    @Test
    void theSameBytesUnderThreeUrlsAreKeptOnceAndTheOthersNameThatFile() throws Exception {
        byte[] placeholder = Images.jpeg(20_000, 103);
        server.serve("/a/not-found.jpg", "image/jpeg", placeholder);
        server.serve("/b/missing.jpg", "image/jpeg", placeholder);
        server.serve("/c/gone.jpg", "image/jpeg", placeholder);
        server.serve("/d/real.jpg", "image/jpeg", Images.jpeg(20_000, 104));

        var report = run(app, "dedup", server.url("/a/not-found.jpg"), server.url("/b/missing.jpg"),
                server.url("/c/gone.jpg"), server.url("/d/real.jpg"));

        Path folder = app.folder("dedup");
        assertThat(files(folder)).hasSize(2).contains("real.jpg");
        String kept = report.stream().filter(r -> r.get("outcome").equals("downloaded") && !r.get("file").equals("real.jpg"))
                .map(r -> r.get("file")).findFirst().orElseThrow();
        assertThat(Files.readAllBytes(folder.resolve(kept))).isEqualTo(placeholder);
        assertThat(report.stream().filter(r -> r.get("outcome").equals("duplicate")).toList()).hasSize(2)
                .allSatisfy(r -> {
                    assertThat(r.get("file")).isEqualTo(kept);
                    assertThat(r.get("error")).isEqualTo("same content as " + kept);
                    assertThat(r.get("sha256")).isEqualTo(sha256(placeholder));
                    assertThat(r.get("bytes")).isEqualTo("20000");
                    assertThat(r.get("attempts")).isEqualTo("1");
                });
        assertThat(files(app.output).stream().filter(n -> n.startsWith(".imgdl-"))).isEmpty();
        assertThat(files(folder).stream().filter(n -> n.startsWith("."))).isEmpty();

        // An earlier run's file counts too, and a URL found to share a file is not asked again.
        server.serve("/e/another.jpg", "image/jpeg", placeholder);
        var again = run(app, "dedup", server.url("/b/missing.jpg"), server.url("/e/another.jpg"));
        assertThat(row(again, 1)).containsEntry("outcome", "skipped").containsEntry("file", kept)
                .containsEntry("attempts", "0");
        assertThat(row(again, 2)).containsEntry("outcome", "duplicate").containsEntry("file", kept);
        assertThat(server.requestsUnder("/b/")).isEqualTo(1);
        assertThat(files(folder)).hasSize(2);
    }

    @Test
    void withDedupOffEveryUrlKeepsItsOwnFile(@TempDir Path elsewhere) throws Exception {
        byte[] same = Images.png(5_000, 105);
        server.serve("/x/one.png", "image/png", same);
        server.serve("/y/two.png", "image/png", same);
        try (TestApp plain = TestApp.start(elsewhere, Map.of("downloader.watch", "false",
                "downloader.dedup-content", "false"))) {
            var report = run(plain, "nodedup", server.url("/x/one.png"), server.url("/y/two.png"));

            assertThat(report).allSatisfy(r -> {
                assertThat(r.get("outcome")).isEqualTo("downloaded");
                assertThat(r.get("sha256")).isEqualTo(sha256(same));
            });
            assertThat(files(plain.folder("nodedup"))).containsExactly("one.png", "two.png");
        }
    }
}
