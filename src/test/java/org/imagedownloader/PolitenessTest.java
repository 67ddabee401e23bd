package org.imagedownloader;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Polite to every server: opt-outs honoured, per-host limits kept, a host that asks to slow down paused. */
class PolitenessTest {

    @TempDir
    static Path root;
    static ImageServer server;
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        server = ImageServer.start();
        app = TestApp.start(root, Map.of("downloader.watch", "false"));
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

    static List<Map<String, String>> run(TestApp on, String listName, String... urls) throws Exception {
        Path list = on.root.resolve("lists").resolve(listName + ".txt");
        Files.createDirectories(list.getParent());
        Files.writeString(list, String.join("\n", urls) + "\n", StandardCharsets.UTF_8);
        assertThat(on.run(list).getException()).isNull();
        return on.report(listName);
    }

    private static Map<String, String> row(List<Map<String, String>> report, int line) {
        return report.stream().filter(r -> r.get("line").equals(Integer.toString(line))).findFirst().orElseThrow();
    }

    private void serveTagged(String path, String robotsTag, long seed) {
        server.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/jpeg").withHeader("X-Robots-Tag", robotsTag)
                .withBody(Images.jpeg(5_000, seed))));
    }

    @Test
    void imagesOptedOutOfAiUseAreRejectedUnsavedUnlessTheTagNamesAnotherAgent() throws Exception {
        serveTagged("/o/bare.jpg", "noai", 201);
        serveTagged("/o/image.jpg", "noindex, noimageai", 202);
        serveTagged("/o/ours.jpg", "image-downloader: noai", 203);
        serveTagged("/o/theirs.jpg", "otherbot: noai", 204);
        serveTagged("/o/unrelated.jpg", "noindex", 205);

        var report = run(app, "optout", server.url("/o/bare.jpg"), server.url("/o/image.jpg"),
                server.url("/o/ours.jpg"), server.url("/o/theirs.jpg"), server.url("/o/unrelated.jpg"));

        assertThat(row(report, 1)).containsEntry("outcome", "rejected")
                .containsEntry("error", "opted out: X-Robots-Tag noai").containsEntry("file", "");
        assertThat(row(report, 2)).containsEntry("outcome", "rejected")
                .containsEntry("error", "opted out: X-Robots-Tag noimageai");
        assertThat(row(report, 3)).containsEntry("outcome", "rejected")
                .containsEntry("error", "opted out: X-Robots-Tag image-downloader: noai")
                .containsEntry("attempts", "1");
        assertThat(row(report, 4)).containsEntry("outcome", "downloaded");
        assertThat(row(report, 5)).containsEntry("outcome", "downloaded");
        try (var files = Files.list(app.folder("optout"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("theirs.jpg", "unrelated.jpg");
        }
    }

    @Test
    void anEmptyListOfDirectivesTurnsTheCheckOff(@TempDir Path elsewhere) throws Exception {
        serveTagged("/p/bare.jpg", "noai", 206);
        try (TestApp off = TestApp.start(elsewhere, Map.of("downloader.watch", "false",
                "downloader.opt-out-directives", ""))) {
            assertThat(row(run(off, "optin", server.url("/p/bare.jpg")), 1)).containsEntry("outcome", "downloaded");
        }
    }
}
