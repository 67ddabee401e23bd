package org.imagedownloader;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Exact about every byte: a sha256 per saved file, and one file per content in a list's folder. */
class IntegrityTest {

    @RegisterExtension
    static final ServedApp SERVED = new ServedApp(Map.of("downloader.dedup-content", "true",
            "downloader.per-host-concurrency", "16"));




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
        SERVED.server.serve("/h/big.jpg", "image/jpeg", Images.jpeg(700_000, 101));
        SERVED.server.serve("/h/small.png", "image/png", Images.png(3_000, 102));
        SERVED.server.serve("/h/page.html", "text/html", "<html></html>".getBytes(StandardCharsets.UTF_8));

        var first = SERVED.app.runList("hashes", SERVED.server.url("/h/big.jpg"), SERVED.server.url("/h/small.png"), SERVED.server.url("/h/page.html"));

        Path folder = SERVED.app.folder("hashes");
        for (int line = 1; line <= 2; line++) {
            Map<String, String> r = TestApp.row(first, line);
            assertThat(r.get("outcome")).isEqualTo("downloaded");
            assertThat(r.get("sha256")).isEqualTo(sha256(Files.readAllBytes(folder.resolve(r.get("file")))));
        }
        assertThat(TestApp.row(first, 3)).containsEntry("outcome", "rejected").containsEntry("sha256", "");

        var again = SERVED.app.runList("hashes", SERVED.server.url("/h/big.jpg"), SERVED.server.url("/h/small.png"));
        assertThat(again).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("skipped"));
        assertThat(TestApp.row(again, 1).get("sha256")).isEqualTo(TestApp.row(first, 1).get("sha256"));
        assertThat(TestApp.row(again, 2).get("sha256")).isEqualTo(TestApp.row(first, 2).get("sha256"));
    }

    @Test
    void theSameBytesUnderThreeUrlsAreKeptOnceAndTheOthersNameThatFile() throws Exception {
        byte[] placeholder = Images.jpeg(20_000, 103);
        SERVED.server.serve("/a/not-found.jpg", "image/jpeg", placeholder);
        SERVED.server.serve("/b/missing.jpg", "image/jpeg", placeholder);
        SERVED.server.serve("/c/gone.jpg", "image/jpeg", placeholder);
        SERVED.server.serve("/d/real.jpg", "image/jpeg", Images.jpeg(20_000, 104));

        var report = SERVED.app.runList("dedup", SERVED.server.url("/a/not-found.jpg"), SERVED.server.url("/b/missing.jpg"),
                SERVED.server.url("/c/gone.jpg"), SERVED.server.url("/d/real.jpg"));

        Path folder = SERVED.app.folder("dedup");
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
        assertThat(files(SERVED.app.output).stream().filter(n -> n.startsWith(".imgdl-"))).isEmpty();
        assertThat(files(folder).stream().filter(n -> n.startsWith("."))).isEmpty();

        // An earlier run's file counts too, and a URL found to share a file is not asked again.
        SERVED.server.serve("/e/another.jpg", "image/jpeg", placeholder);
        var again = SERVED.app.runList("dedup", SERVED.server.url("/b/missing.jpg"), SERVED.server.url("/e/another.jpg"));
        assertThat(TestApp.row(again, 1)).containsEntry("outcome", "skipped").containsEntry("file", kept)
                .containsEntry("attempts", "0");
        assertThat(TestApp.row(again, 2)).containsEntry("outcome", "duplicate").containsEntry("file", kept);
        assertThat(SERVED.server.requestsUnder("/b/")).isEqualTo(1);
        assertThat(files(folder)).hasSize(2);
    }

    @Test
    void theSameBytesArrivingTogetherUnderManyUrlsAreKeptOnce() throws Exception {
        int contents = 8;
        int urlsPerContent = 4;
        List<String> urls = new ArrayList<>();
        for (int c = 0; c < contents; c++) {
            // Answered together: the bodies of one content are complete at about the same moment.
            SERVED.server.stubFor(get(urlPathMatching("/together/" + c + "/.*")).willReturn(aResponse().withStatus(200)
                    .withFixedDelay(200).withHeader("Content-Type", "image/jpeg").withBody(Images.jpeg(20_000, 200 + c))));
            for (int u = 0; u < urlsPerContent; u++) {
                urls.add(SERVED.server.url("/together/" + c + "/" + (char) ('a' + u) + ".jpg"));
            }
        }

        var report = SERVED.app.runList("together", urls.toArray(String[]::new));

        assertThat(files(SERVED.app.folder("together"))).hasSize(contents);
        List<String> journal = Files.readAllLines(SERVED.app.output.resolve(".together.index.tsv"));
        for (int c = 0; c < contents; c++) {
            String prefix = SERVED.server.url("/together/" + c + "/");
            var rows = report.stream().filter(r -> r.get("url").startsWith(prefix)).toList();
            var downloaded = rows.stream().filter(r -> r.get("outcome").equals("downloaded")).toList();
            assertThat(downloaded).as("content %d", c).hasSize(1);
            String kept = downloaded.get(0).get("file");
            assertThat(rows.stream().filter(r -> r.get("outcome").equals("duplicate")).toList())
                    .hasSize(urlsPerContent - 1).allSatisfy(r -> assertThat(r.get("file")).isEqualTo(kept));
            assertThat(journal.stream().filter(line -> line.split("\t", -1)[1].equals(kept))).hasSize(1);
        }
    }

    @Test
    void withDedupOffEveryUrlKeepsItsOwnFile(@TempDir Path elsewhere) throws Exception {
        byte[] same = Images.png(5_000, 105);
        SERVED.server.serve("/x/one.png", "image/png", same);
        SERVED.server.serve("/y/two.png", "image/png", same);
        try (TestApp plain = TestApp.start(elsewhere, Map.of("downloader.watch", "false",
                "downloader.dedup-content", "false"))) {
            var report = plain.runList("nodedup", SERVED.server.url("/x/one.png"), SERVED.server.url("/y/two.png"));

            assertThat(report).allSatisfy(r -> {
                assertThat(r.get("outcome")).isEqualTo("downloaded");
                assertThat(r.get("sha256")).isEqualTo(sha256(same));
            });
            assertThat(files(plain.folder("nodedup"))).containsExactly("one.png", "two.png");
        }
    }

    private void serveVersion(String path, byte[] body, String etag, String lastModified) {
        var ok = aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg").withBody(body);
        if (etag != null) {
            ok = ok.withHeader("ETag", etag);
        }
        if (lastModified != null) {
            ok = ok.withHeader("Last-Modified", lastModified);
        }
        SERVED.server.stubFor(get(urlPathEqualTo(path)).atPriority(5).willReturn(ok));
    }

    private void answerNotModifiedTo(String path, String header, String value) {
        SERVED.server.stubFor(get(urlPathEqualTo(path)).atPriority(1).withHeader(header, equalTo(value))
                .willReturn(aResponse().withStatus(304)));
    }

    @Test
    void aConditionalRefreshAsksWithTheStoredValidatorsAndReplacesOnlyWhatChanged(@TempDir Path elsewhere)
            throws Exception {
        String date = "Wed, 21 Oct 2026 07:28:00 GMT";
        byte[] tagged = Images.jpeg(4_000, 111);
        byte[] dated = Images.jpeg(4_000, 112);
        byte[] before = Images.jpeg(4_000, 113);
        byte[] after = Images.jpeg(6_000, 114);
        byte[] same = Images.jpeg(4_000, 115);
        serveVersion("/v/tagged.jpg", tagged, "\"t1\"", null);
        answerNotModifiedTo("/v/tagged.jpg", "If-None-Match", "\"t1\"");
        serveVersion("/v/dated.jpg", dated, null, date);
        answerNotModifiedTo("/v/dated.jpg", "If-Modified-Since", date);
        serveVersion("/v/changing.jpg", before, "\"c1\"", null);
        serveVersion("/v/deaf.jpg", same, "\"d1\"", date); // a server that ignores the validators
        serveVersion("/v/plain.jpg", Images.jpeg(4_000, 116), null, null); // no validators: nothing to ask
        String[] urls = {SERVED.server.url("/v/tagged.jpg"), SERVED.server.url("/v/dated.jpg"), SERVED.server.url("/v/changing.jpg"),
            SERVED.server.url("/v/deaf.jpg"), SERVED.server.url("/v/plain.jpg")};
        try (TestApp refreshing = TestApp.start(elsewhere, Map.of("downloader.watch", "false",
                "downloader.refresh", "conditional"))) {
            assertThat(refreshing.runList("versions", urls)).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
            SERVED.server.stubFor(get(urlPathEqualTo("/v/changing.jpg")).atPriority(1).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "image/jpeg").withHeader("ETag", "\"c2\"").withBody(after)));
            SERVED.server.resetRequests();

            var again = refreshing.runList("versions", urls);

            Path folder = refreshing.folder("versions");
            assertThat(TestApp.row(again, 1)).containsEntry("outcome", "skipped").containsEntry("error", "not modified")
                    .containsEntry("http_status", "304").containsEntry("attempts", "1")
                    .containsEntry("sha256", sha256(tagged)).containsEntry("bytes", String.valueOf(tagged.length));
            assertThat(TestApp.row(again, 2)).containsEntry("outcome", "skipped").containsEntry("error", "not modified");
            assertThat(TestApp.row(again, 3)).containsEntry("outcome", "downloaded").containsEntry("error", "updated")
                    .containsEntry("file", "changing.jpg").containsEntry("sha256", sha256(after));
            assertThat(Files.readAllBytes(folder.resolve("changing.jpg"))).isEqualTo(after);
            assertThat(TestApp.row(again, 4)).containsEntry("outcome", "skipped").containsEntry("error", "unchanged")
                    .containsEntry("http_status", "200");
            assertThat(TestApp.row(again, 5)).containsEntry("outcome", "skipped").containsEntry("attempts", "0");
            assertThat(files(folder)).containsExactlyInAnyOrder("tagged.jpg", "dated.jpg", "changing.jpg", "deaf.jpg",
                    "plain.jpg");
            assertThat(Files.readAllBytes(folder.resolve("tagged.jpg"))).isEqualTo(tagged);
            var deaf = SERVED.server.requests().stream().filter(r -> r.getUrl().equals("/v/deaf.jpg")).findFirst().orElseThrow();
            assertThat(deaf.getHeader("If-None-Match")).isEqualTo("\"d1\"");
            assertThat(deaf.getHeader("If-Modified-Since")).isEqualTo(date);
            assertThat(SERVED.server.requestsUnder("/v/plain.jpg")).isZero();

            // The new version's validators are the ones asked with next time.
            SERVED.server.resetRequests();
            answerNotModifiedTo("/v/changing.jpg", "If-None-Match", "\"c2\"");
            assertThat(TestApp.row(refreshing.runList("versions", urls), 3)).containsEntry("outcome", "skipped")
                    .containsEntry("error", "not modified");
        }
    }
}
