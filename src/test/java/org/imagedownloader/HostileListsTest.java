package org.imagedownloader;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.imagedownloader.list.ListName;
import org.imagedownloader.list.UrlValidator;
import org.imagedownloader.message.Outcome;
import org.imagedownloader.run.OpenRuns;
import org.imagedownloader.run.Progress;
import org.imagedownloader.run.RunListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lists written by someone careless or hostile, fed to the running daemon: absurd lines, binary and
 * mis-encoded bytes, odd file names, directories and symlinks in the inbox, many lists at once, and a
 * big mixed list whose report and summary must account for every line exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileListsTest {

    @TempDir
    static Path root;
    static ImageServer server;
    static RawHttpServer flaky;
    static TestApp app;
    static final byte[] IMAGE = Images.jpeg(3_000, 17);
    /** The final figures of each list, by list file name, as the summary line reports them. */
    static final Map<String, Progress> finished = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        server = ImageServer.start();
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/jpeg").withBody(IMAGE)));
        server.stubFor(get(urlPathMatching("/missing/.*")).atPriority(1)
                .willReturn(aResponse().withStatus(404).withBody("not here")));
        server.stubFor(get(urlPathMatching("/page/.*")).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html; charset=utf-8").withBody("<html><body>no</body></html>")));
        // 503 on the first request for a path, then the image: one retry each.
        flaky = new RawHttpServer(HostileListsTest::answerFlaky);
        app = TestApp.start(root, Map.of("downloader.retries", "2", "downloader.concurrency", "16"));
        app.main.lookup("openRuns", OpenRuns.class).listen(new RunListener() {
            @Override
            public void finished(Progress last, Path report, String reportAt) {
                finished.put(last.list(), last);
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        server.close();
        flaky.close();
    }

    private static void answerFlaky(String path, int n, OutputStream out) throws IOException {
        if (n == 1) {
            RawHttpServer.head(out, 503, "text/plain", 0);
        } else {
            RawHttpServer.head(out, 200, "image/jpeg", IMAGE.length);
            out.write(IMAGE);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String url(String path) {
        return server.url(path);
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else if (p instanceof byte[] b) {
                out.writeBytes(b);
            } else if (p instanceof int[] ints) {
                for (int i : ints) {
                    out.write(i);
                }
            }
        }
        return out.toByteArray();
    }


    // ------------------------------------------------------------------ absurd lines

    @Test
    void aOneMegabyteLineIsInvalidWhileItsNeighboursDownload() throws Exception {
        String huge = url("/img/huge/") + "a".repeat(1 << 20);
        String atLimit = url("/img/limit/");
        atLimit += "b".repeat(8192 - atLimit.length());
        String overLimit = atLimit + "c";
        String content = url("/img/huge/1.jpg") + "\n"
                + huge + "\n"
                + " ".repeat(1 << 20) + "\n"          // a megabyte of blanks is a blank line, not an item
                + "#" + "x".repeat(1 << 20) + "\n"    // and a megabyte-long comment is a comment
                + url("/img/huge/2.jpg") + "\n"
                + atLimit + "\n"
                + overLimit + "\n"
                + url("/img/huge/3.jpg");             // no final newline

        app.drop("huge-line.txt", content);
        app.awaitArchived("huge-line.txt");

        var report = app.report("huge-line");
        assertThat(report).extracting(r -> r.get("line")).containsExactly("1", "2", "5", "6", "7", "8");
        assertThat(TestApp.row(report, 2)).containsEntry("outcome", "invalid").containsEntry("attempts", "0");
        assertThat(TestApp.row(report, 2).get("error")).startsWith("line too long (" + huge.length() + " characters");
        assertThat(TestApp.row(report, 2).get("url")).hasSizeLessThanOrEqualTo(203).endsWith("...");
        assertThat(TestApp.row(report, 7)).containsEntry("outcome", "invalid");
        assertThat(TestApp.row(report, 7).get("error")).startsWith("line too long (8193 characters");
        // Exactly at the limit is still a URL, fetched and saved under a name cut to at most 200 bytes.
        assertThat(TestApp.row(report, 6)).containsEntry("outcome", "downloaded");
        assertThat(TestApp.row(report, 6).get("file").getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200);
        for (int line : new int[] {1, 5, 8}) {
            assertThat(TestApp.row(report, line)).containsEntry("outcome", "downloaded");
            assertThat(Files.readAllBytes(app.folder("huge-line").resolve(TestApp.row(report, line).get("file"))))
                    .isEqualTo(IMAGE);
        }
        assertThat(app.inbox.resolve(".done/huge-line.txt")).hasSize(content.length());
        assertThat(server.requestsUnder("/img/huge/a")).isZero();
    }

    // ------------------------------------------------------------------ binary and mis-encoded files

    @Test
    void aListWithNulBytesGoesToErrorUntouchedAndNothingIsFetched() throws Exception {
        byte[] content = bytes(url("/img/nul/1.jpg") + "\n", url("/img/nul/2"), new int[] {0}, ".jpg\n",
                url("/img/nul/3.jpg") + "\n");

        app.drop("nul.txt", content);
        app.awaitInError("nul.txt");

        assertThat(Files.readAllBytes(app.inbox.resolve(".error/nul.txt"))).isEqualTo(content);
        assertThat(app.inbox.resolve(".error/nul.txt.error.txt")).content(StandardCharsets.UTF_8)
                .contains("nul.txt").contains("line 2").contains("NUL");
        assertThat(app.inbox.resolve("nul.txt")).doesNotExist();
        assertThat(app.inbox.resolve(".done/nul.txt")).doesNotExist();
        assertThat(app.output.resolve("nul.report.csv")).doesNotExist();
        assertThat(server.requestsUnder("/img/nul/")).isZero();
    }

    @Test
    void aNulDeepInsideAnOverlongLineStillMarksTheFileAsBinary() throws Exception {
        byte[] content = bytes(url("/img/deepnul/1.jpg") + "\n", "x".repeat(9_000), new int[] {0}, "y\n",
                url("/img/deepnul/2.jpg") + "\n");

        app.drop("deep-nul.txt", content);
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(app.inbox.resolve(".error/deep-nul.txt"))
                || Files.exists(app.inbox.resolve(".done/deep-nul.txt")));

        assertThat(app.inbox.resolve(".error/deep-nul.txt")).exists();
        assertThat(server.requestsUnder("/img/deepnul/")).isZero();
    }

    @Test
    void invalidUtf8AndMixedEncodingsGoToErrorUntouchedAndNothingIsFetched() throws Exception {
        Map<String, byte[]> cases = new LinkedHashMap<>();
        cases.put("bad-continuation.txt", bytes(url("/img/enc/a.jpg") + "\n", url("/img/enc/"),
                new int[] {0xC3, 0x28}, ".jpg\n"));
        cases.put("overlong-slash.txt", bytes(url("/img/enc/b.jpg") + "\n", url("/img/enc/.."),
                new int[] {0xC0, 0xAF}, "etc\n"));
        cases.put("encoded-surrogate.txt", bytes(url("/img/enc/c.jpg") + "\n", url("/img/enc/"),
                new int[] {0xED, 0xA0, 0x80}, ".jpg\n"));
        cases.put("lone-continuation.txt", bytes(new int[] {0x80}, url("/img/enc/d.jpg") + "\n"));
        cases.put("cut-at-eof.txt", bytes(url("/img/enc/e.jpg") + "\n", url("/img/enc/"), new int[] {0xE2, 0x82}));
        // One line written by a UTF-8 editor, the next appended by a Latin-1 one.
        cases.put("mixed-encoding.txt", bytes(url("/img/enc/猫.jpg") + "\n",
                (url("/img/enc/caf\u00e9.jpg") + "\n").getBytes(StandardCharsets.ISO_8859_1),
                url("/img/enc/f.jpg") + "\n"));
        // Notepad's "Unicode": UTF-16LE with a byte-order mark.
        cases.put("utf16.txt", bytes(new int[] {0xFF, 0xFE}, (url("/img/enc/g.jpg") + "\n")
                .getBytes(StandardCharsets.UTF_16LE)));

        for (var c : cases.entrySet()) {
            app.drop(c.getKey(), c.getValue());
        }
        for (String name : cases.keySet()) {
            app.awaitInError(name);
        }

        for (var c : cases.entrySet()) {
            String name = c.getKey();
            Path archived = app.inbox.resolve(".error").resolve(name);
            assertThat(Files.readAllBytes(archived)).as("bytes of %s", name).isEqualTo(c.getValue());
            assertThat(app.inbox.resolve(".error").resolve(name + ".error.txt")).as(name)
                    .content(StandardCharsets.UTF_8).contains(name).contains("not UTF-8");
            assertThat(app.inbox.resolve(name)).as(name).doesNotExist();
            String folder = ListName.folderFor(name);
            assertThat(app.output.resolve(folder + ".report.csv")).as(name).doesNotExist();
        }
        // The whole file is checked before anything is fetched, even the good lines before the bad bytes.
        assertThat(server.requestsUnder("/img/enc/")).isZero();
    }

    @Test
    void aListWithAVeryLongNameIsStillProcessed() throws Exception {
        String name = "x".repeat(246) + ".txt"; // 250 bytes; Linux allows 255
        try {
            app.drop(name, Urls.list(url("/img/longname/"), 1, ".jpg").getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(app.inbox.resolve(name)));

            assertThat(app.inbox.resolve(".done").resolve(name)).exists();
            assertThat(app.report("x".repeat(200))).hasSize(1);
        } finally {
            // Left in the inbox it would keep failing every poll for the rest of the class.
            Files.deleteIfExists(app.inbox.resolve(name));
        }
    }

    // ------------------------------------------------------------------ odd file names

    @Test
    void oddListFileNamesGiveTheExpectedFolders() throws Exception {
        Map<String, String> folderOf = new LinkedHashMap<>();
        folderOf.put("cats and dogs.txt", "cats and dogs");
        folderOf.put("кошки 猫.txt", "кошки 猫");
        folderOf.put("my.cats.v2.txt", "my.cats.v2");
        folderOf.put("CON.txt", "_CON");
        folderOf.put("what? <1> |2| *.txt", "what_ _1_ _2_ _");
        folderOf.put("\u202Eevil\u200F.txt", "_evil_"); // bidi controls never reach a name
        folderOf.put("${exchangeId} $simple{date:now}.txt", "${exchangeId} $simple{date_now}");
        String longName = "猫".repeat(80) + ".txt"; // 244 bytes: the folder is cut to 200
        folderOf.put(longName, "猫".repeat(66));

        int k = 0;
        for (String name : folderOf.keySet()) {
            app.drop(name, Urls.list(url("/img/odd" + k++ + "/"), 2, ".jpg"));
        }
        for (var e : folderOf.entrySet()) {
            String name = e.getKey();
            app.awaitArchived(name);
            var report = app.report(e.getValue());
            assertThat(report).as(name).hasSize(2).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
            for (var r : report) {
                assertThat(app.folder(e.getValue()).resolve(r.get("file"))).as(name).hasBinaryContent(IMAGE);
            }
            assertThat(app.inbox.resolve(name)).doesNotExist();
            assertThat(finished).containsKey(name);
        }
        assertThat(ListName.folderFor(longName).getBytes(StandardCharsets.UTF_8)).hasSize(198);
    }

    @Test
    void listsNamedOnlyByDotsAreHiddenFromTheInboxAndGetAHashFolderWhenRunDirectly() throws Exception {
        // In the inbox: hidden, never taken.
        Files.createDirectories(app.inbox);
        Files.writeString(app.inbox.resolve("...txt"), Urls.list(url("/img/dots-inbox/"), 1, ".jpg"));
        Files.writeString(app.inbox.resolve(".txt"), Urls.list(url("/img/dots-inbox/"), 1, ".jpg"));
        app.drop("dots-marker.txt", Urls.list(url("/img/dots-marker/"), 1, ".jpg"));
        app.awaitArchived("dots-marker.txt");
        assertThat(app.inbox.resolve("...txt")).exists();
        assertThat(app.inbox.resolve(".txt")).exists();
        assertThat(server.requestsUnder("/img/dots-inbox/")).isZero();

        // Run directly (as the CLI does): a folder of their own, stable, never "." or "..".
        Path lists = Files.createDirectories(root.resolve("dot-lists"));
        Set<String> folders = new HashSet<>();
        for (String name : List.of("...txt", "..txt", ".txt", "....")) {
            Path list = lists.resolve(name);
            Files.writeString(list, Urls.list(url("/img/dots-run-" + name.length() + "/"), 2, ".jpg"));
            Exchange done = app.run(list);
            assertThat(done.getException()).as(name).isNull();
            String folder = ListName.folderFor(name);
            assertThat(folder).as(name).matches("list-[0-9a-f]{12}");
            folders.add(folder);
            assertThat(app.report(folder)).as(name).hasSize(2)
                    .allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
            // Again: same folder, nothing fetched twice.
            assertThat(app.run(list).getException()).isNull();
            assertThat(app.report(folder)).as(name).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("skipped"));
            assertThat(list).as("a list run directly is not moved").exists();
        }
        assertThat(folders).hasSize(4);
        try (Stream<Path> out = Files.list(app.output)) {
            assertThat(out.map(p -> p.getFileName().toString())).doesNotContain(".", "..", "", ".report.csv",
                    "..report.csv");
        }
    }

    // ------------------------------------------------------------------ directories and symlinks

    @Test
    void aDirectoryNamedLikeAListIsIgnoredAndTheDaemonKeepsWorking() throws Exception {
        Path dir = Files.createDirectories(app.inbox.resolve("dir.txt"));
        Files.writeString(dir.resolve("inner.txt"), Urls.list(url("/img/in-dir/"), 1, ".jpg"));
        app.drop("after-dir-1.txt", Urls.list(url("/img/after-dir-1/"), 2, ".jpg"));
        app.awaitArchived("after-dir-1.txt");
        app.drop("after-dir-2.txt", Urls.list(url("/img/after-dir-2/"), 2, ".jpg"));
        app.awaitArchived("after-dir-2.txt");

        assertThat(dir).isDirectory();
        assertThat(dir.resolve("inner.txt"))
                .hasBinaryContent(Urls.list(url("/img/in-dir/"), 1, ".jpg").getBytes(StandardCharsets.UTF_8));
        assertThat(app.inbox.resolve(".done/dir.txt")).doesNotExist();
        assertThat(app.inbox.resolve(".error/dir.txt")).doesNotExist();
        assertThat(app.output.resolve("dir")).doesNotExist();
        assertThat(server.requestsUnder("/img/in-dir/")).isZero();
        assertThat(app.report("after-dir-2")).hasSize(2);
    }

    /**
     * What happens: the link is followed for reading (the target's lines are downloaded, into a folder named
     * after the link), and the link itself, not its target, is moved to .done; the target stays where it was,
     * byte for byte.
     */
    @Test
    void aSymlinkToAListOutsideTheInboxIsReadAndOnlyTheLinkIsArchived() throws Exception {
        Path outside = Files.createDirectories(root.resolve("outside"));
        Path target = outside.resolve("real-list.txt");
        String content = Urls.list(url("/img/via-link/"), 3, ".jpg");
        Files.writeString(target, content);
        Files.createDirectories(app.inbox);
        Files.createSymbolicLink(app.inbox.resolve("via-link.txt"), target);

        app.awaitArchived("via-link.txt");

        assertThat(app.report("via-link")).hasSize(3).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
        assertThat(app.output.resolve("real-list")).doesNotExist();
        Path archived = app.inbox.resolve(".done/via-link.txt");
        assertThat(Files.isSymbolicLink(archived)).as("the archived entry is the link itself").isTrue();
        assertThat(Files.readSymbolicLink(archived)).isEqualTo(target);
        assertThat(app.inbox.resolve("via-link.txt")).doesNotExist();
        assertThat(Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)).as("target still a file").isTrue();
        assertThat(Files.readAllBytes(target)).isEqualTo(content.getBytes(StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("real-list.txt");
        }
    }

    @Test
    void aSymlinkToABinaryFileMovesOnlyTheLinkToErrorAndADanglingLinkIsLeftAlone() throws Exception {
        Path outside = Files.createDirectories(root.resolve("outside-bin"));
        Path target = outside.resolve("photo.png");
        byte[] png = Images.png(500, 9);
        Files.write(target, png);
        Files.createDirectories(app.inbox);
        Files.createSymbolicLink(app.inbox.resolve("png-link.txt"), target);
        Files.createSymbolicLink(app.inbox.resolve("dangling.txt"), outside.resolve("nowhere.txt"));

        app.awaitInError("png-link.txt");
        app.drop("after-links.txt", Urls.list(url("/img/after-links/"), 1, ".jpg"));
        app.awaitArchived("after-links.txt");

        assertThat(Files.isSymbolicLink(app.inbox.resolve(".error/png-link.txt"))).isTrue();
        assertThat(Files.readAllBytes(target)).isEqualTo(png);
        assertThat(app.inbox.resolve(".error/png-link.txt.error.txt")).content().contains("not UTF-8");
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("photo.png");
        }
        assertThat(Files.isSymbolicLink(app.inbox.resolve("dangling.txt"))).as("dangling link left in place").isTrue();
        assertThat(outside.resolve("nowhere.txt")).doesNotExist();
    }

    // ------------------------------------------------------------------ many lists at once

    @Test
    @Order(Integer.MAX_VALUE - 1) // the heavy ones last, so a stuck list cannot take the small cases down with it
    @Timeout(45)
    void twentyListsDroppedAtOnceAllFinishCompletely() throws Exception {
        List<String> names = IntStream.range(0, 20).mapToObj(k -> "batch-" + k + ".txt").toList();
        for (int k = 0; k < names.size(); k++) {
            app.drop(names.get(k), Urls.list(url("/img/batch" + k + "/"), 20, ".jpg"));
        }

        names.forEach(app::awaitArchived);

        for (int k = 0; k < names.size(); k++) {
            String folder = "batch-" + k;
            var report = app.report(folder);
            assertThat(report).as(folder).hasSize(20).extracting(r -> r.get("line"))
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 20).mapToObj(Integer::toString).toList());
            assertThat(report).as(folder).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
            try (Stream<Path> files = Files.list(app.folder(folder))) {
                assertThat(files).as(folder).hasSize(20).allSatisfy(f -> assertThat(f).hasBinaryContent(IMAGE));
            }
            Progress last = finished.get(names.get(k));
            assertThat(last.done()).isEqualTo(20);
            assertThat(last.total()).isEqualTo(20);
            assertThat(app.inbox.resolve(names.get(k))).doesNotExist();
        }
        assertThat(server.requestsUnder("/img/batch")).isEqualTo(400);
    }

    @Test
    void aRetriedDownloadReportsItsFinalStatusAndNoError() throws Exception {
        Path list = Files.createDirectories(root.resolve("retry-lists")).resolve("retried.txt");
        Files.writeString(list, flaky.url("/retried/1.jpg") + "\n");

        assertThat(app.run(list).getException()).isNull();

        var r = TestApp.row(app.report("retried"), 1);
        assertThat(r).containsEntry("outcome", "downloaded").containsEntry("attempts", "2");
        assertThat(r).containsEntry("http_status", "200").containsEntry("error", "");
    }

    // ------------------------------------------------------------------ accounting

    private enum Kind { GOOD, MISSING, HTML, FLAKY, INVALID, DUPLICATE, SAME_INVALID, SKIPPED_LINE }

    @Test
    @Order(Integer.MAX_VALUE)
    @Timeout(60)
    void everyLineOfABigMixedListIsAccountedForExactlyOnce() throws Exception {
        Random random = new Random(20_240_601);
        List<Kind> weights = new ArrayList<>();
        addCopies(weights, Kind.GOOD, 50);
        addCopies(weights, Kind.MISSING, 10);
        addCopies(weights, Kind.HTML, 10);
        addCopies(weights, Kind.FLAKY, 5);
        addCopies(weights, Kind.INVALID, 8);
        addCopies(weights, Kind.DUPLICATE, 8);
        addCopies(weights, Kind.SAME_INVALID, 2);
        addCopies(weights, Kind.SKIPPED_LINE, 7);
        List<String> invalids = List.of("ftp://example.com/a.jpg", "not a url", "http://", "javascript:alert(1)",
                "http:///nohost.jpg", "http://exa mple.com:99999/x.jpg", "mailto:cat@example.com", "//example.com/x.jpg",
                "www.example.com/cat.jpg", "http://[::1/x.jpg");
        List<String> blanks = List.of("", "   ", "\t", "# a comment", "   # indented comment", "#http://x/y.jpg");

        StringBuilder content = new StringBuilder("\uFEFF");
        Map<Integer, Kind> kindOfLine = new TreeMap<>();
        Map<Integer, Integer> firstLineOfDuplicate = new TreeMap<>();
        List<int[]> fetchable = new ArrayList<>(); // {line} of each distinct fetched URL, for duplicates
        List<String> fetchableUrls = new ArrayList<>();
        Map<Integer, String> urlOfLine = new TreeMap<>();
        int flakyRequests = 0;
        for (int line = 1; line <= 3_000; line++) {
            Kind kind = weights.get(random.nextInt(weights.size()));
            if (kind == Kind.DUPLICATE && fetchable.isEmpty()) {
                kind = Kind.GOOD;
            }
            String text;
            switch (kind) {
                case GOOD -> text = url("/acct/good/" + line + ".jpg");
                case MISSING -> text = url("/missing/acct-" + line + ".jpg");
                case HTML -> text = url("/page/acct-" + line + ".html");
                case FLAKY -> {
                    text = flaky.url("/acct/flaky/" + line + ".jpg");
                    flakyRequests += 2;
                }
                case INVALID, SAME_INVALID -> text = invalids.get(random.nextInt(invalids.size()));
                case DUPLICATE -> {
                    int pick = random.nextInt(fetchable.size());
                    firstLineOfDuplicate.put(line, fetchable.get(pick)[0]);
                    // The same URL, spelled differently: upper-case scheme and host, a fragment, surrounding blanks.
                    String original = fetchableUrls.get(pick);
                    text = random.nextBoolean() ? "  " + original + "  "
                            : original.replaceFirst("^http://", "HTTP://").replace("localhost", "LocalHost")
                                    + "#again";
                }
                default -> text = blanks.get(random.nextInt(blanks.size()));
            }
            if (kind == Kind.GOOD || kind == Kind.MISSING || kind == Kind.HTML || kind == Kind.FLAKY) {
                fetchable.add(new int[] {line});
                fetchableUrls.add(text);
            }
            if (kind != Kind.SKIPPED_LINE) {
                kindOfLine.put(line, kind);
                // The report shows the normalised URL, or the line itself when it is not one.
                UrlValidator.Result valid = UrlValidator.validate(text.strip(), 8192);
                urlOfLine.put(line, valid.valid() ? valid.url().toString() : text.strip());
            }
            content.append(text).append(random.nextInt(4) == 0 ? "\r\n" : "\n");
        }

        app.drop("accounting.txt", content.toString());
        app.awaitArchived("accounting.txt");

        var report = app.report("accounting");
        // One row per item, each line exactly once, in line order.
        assertThat(report).extracting(r -> Integer.parseInt(r.get("line")))
                .containsExactlyElementsOf(kindOfLine.keySet());
        for (var r : report) {
            int line = Integer.parseInt(r.get("line"));
            Kind kind = kindOfLine.get(line);
            String label = "line " + line + " (" + kind + "): " + r;
            switch (kind) {
                case GOOD -> {
                    assertThat(r).as(label).containsEntry("outcome", "downloaded").containsEntry("http_status", "200")
                            .containsEntry("attempts", "1").containsEntry("bytes", Integer.toString(IMAGE.length))
                            .containsEntry("file", line + ".jpg");
                    assertThat(app.folder("accounting").resolve(r.get("file"))).as(label).hasBinaryContent(IMAGE);
                }
                case FLAKY -> {
                    // http_status and error are pinned by aRetriedDownloadReportsItsFinalStatusAndNoError (a bug).
                    assertThat(r).as(label).containsEntry("outcome", "downloaded").containsEntry("attempts", "2")
                            .containsEntry("bytes", Integer.toString(IMAGE.length)).containsEntry("file", line + ".jpg");
                    assertThat(app.folder("accounting").resolve(r.get("file"))).as(label).hasBinaryContent(IMAGE);
                }
                case MISSING -> assertThat(r).as(label).containsEntry("outcome", "failed")
                        .containsEntry("http_status", "404").containsEntry("attempts", "1")
                        .containsEntry("error", "HTTP 404").containsEntry("file", "");
                case HTML -> {
                    assertThat(r).as(label).containsEntry("outcome", "rejected").containsEntry("attempts", "1")
                            .containsEntry("file", "");
                    assertThat(r.get("error")).as(label).startsWith("content-type text/html");
                }
                case INVALID, SAME_INVALID -> {
                    assertThat(r).as(label).containsEntry("outcome", "invalid").containsEntry("attempts", "0")
                            .containsEntry("http_status", "");
                    assertThat(r.get("error")).as(label).isNotBlank();
                }
                case DUPLICATE -> assertThat(r).as(label).containsEntry("outcome", "duplicate")
                        .containsEntry("attempts", "0")
                        .containsEntry("error", "same URL as line " + firstLineOfDuplicate.get(line));
                default -> throw new AssertionError(label);
            }
            assertThat(r.get("url")).as(label).isEqualTo(urlOfLine.get(line));
        }

        // The summary's figures are the report's.
        Progress last = finished.get("accounting.txt");
        assertThat(last).isNotNull();
        Map<Outcome, Long> reported = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            reported.put(o, 0L);
        }
        report.forEach(r -> reported.merge(Outcome.valueOf(r.get("outcome").toUpperCase(Locale.ROOT)), 1L,
                Long::sum));
        for (Outcome o : Outcome.values()) {
            assertThat(last.count(o)).as("summary count of %s", o).isEqualTo(reported.get(o));
        }
        assertThat(last.done()).isEqualTo(report.size());
        assertThat(last.total()).isEqualTo(report.size());
        assertThat(last.bytes()).isEqualTo(reported.get(Outcome.DOWNLOADED) * IMAGE.length);
        // And both match what the list holds.
        Map<Kind, Long> kinds = kindOfLine.values().stream()
                .collect(Collectors.groupingBy(Function.identity(), () -> new EnumMap<>(Kind.class), Collectors.counting()));
        assertThat(reported.get(Outcome.DOWNLOADED)).isEqualTo(kinds.getOrDefault(Kind.GOOD, 0L)
                + kinds.getOrDefault(Kind.FLAKY, 0L));
        assertThat(reported.get(Outcome.FAILED)).isEqualTo(kinds.getOrDefault(Kind.MISSING, 0L));
        assertThat(reported.get(Outcome.REJECTED)).isEqualTo(kinds.getOrDefault(Kind.HTML, 0L));
        assertThat(reported.get(Outcome.DUPLICATE)).isEqualTo(kinds.getOrDefault(Kind.DUPLICATE, 0L));
        assertThat(reported.get(Outcome.INVALID)).isEqualTo(kinds.getOrDefault(Kind.INVALID, 0L)
                + kinds.getOrDefault(Kind.SAME_INVALID, 0L));
        assertThat(reported.get(Outcome.SKIPPED)).isZero();
        assertThat(kinds.keySet()).containsAll(Set.of(Kind.GOOD, Kind.MISSING, Kind.HTML, Kind.FLAKY, Kind.INVALID,
                Kind.DUPLICATE));
        // Every fetchable URL was requested exactly as often as its kind implies; duplicates never were.
        assertThat(server.requestsUnder("/acct/good/")).isEqualTo(kinds.get(Kind.GOOD).intValue());
        assertThat(server.requestsUnder("/missing/acct-")).isEqualTo(kinds.get(Kind.MISSING).intValue());
        assertThat(server.requestsUnder("/page/acct-")).isEqualTo(kinds.get(Kind.HTML).intValue());
        assertThat(flakyRequests).isEqualTo(2 * kinds.get(Kind.FLAKY).intValue());
        for (var e : kindOfLine.entrySet()) {
            if (e.getValue() == Kind.FLAKY) {
                assertThat(flaky.requests("/acct/flaky/" + e.getKey() + ".jpg")).isEqualTo(2);
            }
        }
    }

    private static void addCopies(List<Kind> list, Kind kind, int n) {
        for (int i = 0; i < n; i++) {
            list.add(kind);
        }
    }
}
