package org.imagedownloader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.imagedownloader.run.ReportWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's inbox: which files are taken, when, and where they go afterwards. */
class InboxFlowTest {

    @TempDir
    static Path root;
    static ImageServer server;
    static TestApp app;
    static final byte[] IMAGE = Images.jpeg(20_000, 7);

    @BeforeAll
    static void start() throws Exception {
        server = ImageServer.start().serveUnder("/img/", "image/jpeg", IMAGE);
        app = TestApp.start(root, Map.of());
    }

    @AfterAll
    static void stop() {
        app.close();
        server.close();
    }

    @Test
    void aDroppedListBecomesAFolderOfImagesAReportAndAnArchivedList() throws Exception {
        String content = "\uFEFF# my cats\r\n" + String.join("\r\n", Urls.numbered(server.url("/img/cat"), 5, ".jpg"))
                + "\r\n\r\n  \r\n";
        app.drop("cats.txt", content);

        app.awaitArchived("cats.txt");

        assertThat(app.inbox.resolve("cats.txt")).doesNotExist();
        assertThat(app.inbox.resolve(".done/cats.txt")).hasContent(content);
        var report = app.report("cats");
        assertThat(report).hasSize(5).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
        assertThat(report).extracting(r -> r.get("line")).containsExactly("2", "3", "4", "5", "6");
        for (int i = 0; i < 5; i++) {
            assertThat(Files.readAllBytes(app.folder("cats").resolve("cat" + i + ".jpg"))).isEqualTo(IMAGE);
        }
    }

    @Test
    void aListStillBeingWrittenIsNotReadHalfWay() throws Exception {
        Path list = app.inbox.resolve("slow.txt");
        List<String> lines = Urls.numbered(server.url("/img/slow"), 20, ".jpg");
        try (Writer w = Files.newBufferedWriter(list, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                w.write(line + "\n");
                w.flush();
                Thread.sleep(50); // well under the 300 ms settle time the tests use, even on a loaded machine
            }
        }

        app.awaitArchived("slow.txt");

        assertThat(app.report("slow")).hasSize(20);
    }

    @Test
    void linesAddedToAListAfterItWasTakenAreWorkedBeforeItIsArchived() throws Exception {
        // The first run cannot end before the list has grown: its downloads wait for the gate.
        CountDownLatch gate = new CountDownLatch(1);
        try (RawHttpServer held = new RawHttpServer((path, n, out) -> {
            gate.await(15, TimeUnit.SECONDS);
            RawHttpServer.head(out, 200, "image/jpeg", IMAGE.length);
            out.write(IMAGE);
        })) {
            List<String> lines = IntStream.range(0, 20).mapToObj(i -> held.url("/img/grow" + i + ".jpg")).toList();
            // The list's own exchange, not one of the items split from it, is done once its end has gone out.
            NotifyBuilder readThrough = new NotifyBuilder(app.main.getCamelContext()).fromRoute("read")
                    .filter(e -> e.getProperty(Exchange.SPLIT_INDEX) == null).whenDone(1).create();
            Path list = app.inbox.resolve("grow.txt");
            Files.write(list, lines.subList(0, 10));
            assertThat(readThrough.matches(15, TimeUnit.SECONDS)).as("the first 10 lines taken and read").isTrue();

            Files.write(list, lines.subList(10, 20), StandardOpenOption.APPEND);
            gate.countDown();
            app.awaitArchived("grow.txt");

            assertThat(app.report("grow")).extracting(r -> r.get("url")).containsExactlyElementsOf(lines);
            assertThat(app.inbox.resolve(".done/grow.txt")).hasContent(String.join("\n", lines) + "\n");
            assertThat(app.inbox.resolve(".done/grow-2.txt")).doesNotExist();
            for (int i = 0; i < 20; i++) {
                assertThat(app.folder("grow").resolve("grow" + i + ".jpg")).hasBinaryContent(IMAGE);
                assertThat(held.requests("/img/grow" + i + ".jpg")).as("requests for line %d", i + 1).isEqualTo(1);
            }
        }
    }

    @Test
    void hiddenFilesTempFilesOtherNamesAndSubFoldersAreLeftAlone() throws Exception {
        // Whatever the inbox takes goes through its route: anything there but the markers is a file taken.
        NotifyBuilder takenOtherThanMarkers = new NotifyBuilder(app.main.getCamelContext()).fromRoute("inbox")
                .filter(e -> !e.getIn().getHeader(Exchange.FILE_NAME, String.class).startsWith("marker"))
                .whenReceived(1).create();
        Files.createDirectories(app.inbox.resolve("sub"));
        Files.writeString(app.inbox.resolve(".hidden.txt"), Urls.list(server.url("/img/hidden"), 1, ".jpg"));
        Files.writeString(app.inbox.resolve("partial.txt.tmp"), Urls.list(server.url("/img/tmp"), 1, ".jpg"));
        Files.writeString(app.inbox.resolve("notes.md"), Urls.list(server.url("/img/md"), 1, ".jpg"));
        Files.writeString(app.inbox.resolve("sub/inner.txt"), Urls.list(server.url("/img/inner"), 1, ".jpg"));

        app.drop("marker.txt", Urls.list(server.url("/img/marker"), 1, ".jpg"));
        app.awaitArchived("marker.txt");
        // More polls, over a settle time, with the others older than the marker: lists are taken oldest first,
        // so any of them the inbox would take is taken before this second marker, which is archived after it.
        app.drop("marker-after.txt", Urls.list(server.url("/img/marker-after"), 1, ".jpg"));
        app.awaitArchived("marker-after.txt");

        boolean otherTaken = takenOtherThanMarkers.matches();
        takenOtherThanMarkers.destroy();

        assertThat(otherTaken).as("a file other than the markers was taken").isFalse();
        assertThat(app.inbox.resolve(".hidden.txt")).exists();
        assertThat(app.inbox.resolve("partial.txt.tmp")).exists();
        assertThat(app.inbox.resolve("notes.md")).exists();
        assertThat(app.inbox.resolve("sub/inner.txt")).exists();
        assertThat(app.output.resolve("hidden")).doesNotExist();
        assertThat(app.output.resolve("inner")).doesNotExist();
    }

    @Test
    void aFileThatIsNotAListGoesToErrorWithTheReasonBesideIt() throws Exception {
        byte[] binary = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, (byte) 0xFF, (byte) 0xFE};
        Files.write(app.inbox.resolve("binary.txt"), binary);
        Files.write(app.inbox.resolve("latin1.txt"), "http://example.com/caf\u00e9.jpg\n".getBytes(StandardCharsets.ISO_8859_1));

        app.awaitInError("binary.txt");
        app.awaitInError("latin1.txt");

        assertThat(Files.readAllBytes(app.inbox.resolve(".error/binary.txt"))).isEqualTo(binary);
        assertThat(app.inbox.resolve(".error/binary.txt.error.txt")).content().contains("not UTF-8");
        assertThat(app.inbox.resolve(".error/latin1.txt.error.txt")).content().contains("not UTF-8");
        assertThat(app.output.resolve("binary")).doesNotExist();
    }

    @Test
    void droppingAListAgainSkipsWhatIsThereAndKeepsBothArchivedCopies() throws Exception {
        app.drop("again.txt", Urls.list(server.url("/img/again"), 3, ".jpg"));
        app.awaitArchived("again.txt");
        int served = server.requests().size();

        app.drop("again.txt", Urls.list(server.url("/img/again"), 3, ".jpg"));
        app.awaitArchived("again-2.txt");

        assertThat(app.report("again")).hasSize(3).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("skipped"));
        assertThat(server.requests()).hasSize(served);
        assertThat(app.inbox.resolve(".done/again.txt")).exists();
    }

    @Test
    void anEmptyListIsArchivedWithAnEmptyReport() throws Exception {
        app.drop("empty.txt", "");

        app.awaitArchived("empty.txt");

        assertThat(app.output.resolve("empty.report.csv")).hasContent(ReportWriter.HEADER);
    }
}
