package org.imagedownloader.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.ItemResult;
import org.imagedownloader.message.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReportWriterTest {

    private static final String HEADER = "line,url,outcome,http_status,file,bytes,content_type,attempts,millis,error,sha256,width,height";

    @TempDir
    Path dir;

    private Path target() {
        return dir.resolve("list.report.csv");
    }

    private Path temp() {
        return dir.resolve(".list.report.csv.part");
    }

    private static Item item(long seq, String url) {
        return new Item("run", "list.txt", "list", seq, (int) seq + 1, url, URI.create(url), null, null);
    }

    private static ItemResult downloaded(long seq) {
        String url = "http://a.example/" + seq + ".jpg";
        return new ItemResult(item(seq, url), Outcome.DOWNLOADED, 200, seq + ".jpg", 1000 + seq, "image/jpeg", 1,
                15, null, false, null, -1, -1);
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(target(), StandardCharsets.UTF_8);
    }

    /** Minimal RFC 4180 parser for one record that must fit on one line. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        assertThat(quoted).as("unterminated quote in %s", line).isFalse();
        fields.add(field.toString());
        return fields;
    }

    private List<String> singleRow(ItemResult result) throws IOException {
        try (ReportWriter writer = new ReportWriter(target())) {
            writer.add(result);
            writer.commit();
        }
        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        List<String> fields = fields(lines.get(1));
        assertThat(fields).hasSize(13);
        return fields;
    }

    @Test
    void headerIsExact() throws IOException {
        assertThat(ReportWriter.HEADER).isEqualTo(HEADER);
        try (ReportWriter writer = new ReportWriter(target())) {
            writer.commit();
        }
        assertThat(Files.readString(target(), StandardCharsets.UTF_8)).isEqualTo(HEADER + "\n");
    }

    @Test
    void writesAllColumnsOfADownload() throws IOException {
        assertThat(singleRow(downloaded(0))).containsExactly(
                "1", "http://a.example/0.jpg", "downloaded", "200", "0.jpg", "1000", "image/jpeg", "1", "15", "", "", "", "");
    }

    @Test
    void aFileOfTheSameContentIsNamedWithItsHashAndItsSizeInTheLastColumns() {
        String hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        ItemResult r = new ItemResult(item(2, "http://a.example/y.jpg"), Outcome.DUPLICATE, 200, "x.jpg", 4, "image/jpeg",
                1, 9, "same content as x.jpg", false, hash, 640, 480);
        assertThat(ReportWriter.row(r))
                .isEqualTo("3,http://a.example/y.jpg,duplicate,200,x.jpg,4,image/jpeg,1,9,same content as x.jpg," + hash + ",640,480\n");
    }

    @Test
    void theSizeOfARejectedImageIsReportedToo() {
        ItemResult r = new ItemResult(item(0, "http://a.example/x.gif"), Outcome.REJECTED, 200, null, -1, "image/gif",
                1, 3, "too small: 1x1 (minimum 64x64)", false, null, 1, 1);
        assertThat(ReportWriter.row(r))
                .isEqualTo("1,http://a.example/x.gif,rejected,200,,,image/gif,1,3,too small: 1x1 (minimum 64x64),,1,1\n");
    }

    @Test
    void rowLayoutIsExact() {
        ItemResult r = new ItemResult(item(6, "http://a.example/x.jpg"), Outcome.REJECTED, 404, null, 0, "text/html",
                2, 123, "HTTP 404", false, null, -1, -1);
        assertThat(ReportWriter.row(r)).isEqualTo("7,http://a.example/x.jpg,rejected,404,,,text/html,2,123,HTTP 404,,,\n");
    }

    @Test
    void rowsAddedOutOfOrderComeOutInSeqOrder() throws IOException {
        try (ReportWriter writer = new ReportWriter(target())) {
            for (long seq : new long[] {3, 1, 4, 0, 2}) {
                writer.add(downloaded(seq));
            }
            writer.commit();
        }
        List<String> lines = lines();
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).isEqualTo(HEADER);
        assertThat(lines.subList(1, 6)).extracting(l -> fields(l).get(0)).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void manyRowsInReverseOrderComeOutSorted() throws IOException {
        int n = 2_000;
        try (ReportWriter writer = new ReportWriter(target())) {
            for (long seq = n - 1; seq >= 0; seq--) {
                writer.add(downloaded(seq));
            }
            writer.commit();
        }
        List<String> lines = lines();
        assertThat(lines).hasSize(n + 1);
        for (int i = 1; i <= n; i++) {
            assertThat(fields(lines.get(i)).get(0)).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void rowsFollowSeqNotLineNumber() throws IOException {
        // Line numbers skip blanks and comments; seq decides the order.
        Item first = new Item("run", "list.txt", "list", 0, 10, "http://a.example/a.jpg", URI.create("http://a.example/a.jpg"), null, null);
        Item second = new Item("run", "list.txt", "list", 1, 3, "http://a.example/b.jpg", URI.create("http://a.example/b.jpg"), null, null);
        try (ReportWriter writer = new ReportWriter(target())) {
            writer.add(new ItemResult(second, Outcome.FAILED, 0, null, 0, null, 6, 5, "timeout", false, null, -1, -1));
            writer.add(new ItemResult(first, Outcome.FAILED, 0, null, 0, null, 6, 5, "timeout", false, null, -1, -1));
            writer.commit();
        }
        assertThat(lines()).extracting(l -> l.split(",")[0]).containsExactly("line", "10", "3");
    }

    @Test
    void nothingAtTheFinalPathUntilCommit() throws IOException {
        try (ReportWriter writer = new ReportWriter(target())) {
            writer.add(downloaded(0));
            writer.add(downloaded(1));
            assertThat(target()).doesNotExist();
            assertThat(temp()).exists();
            writer.commit();
            assertThat(target()).exists();
            assertThat(temp()).doesNotExist();
        }
        assertThat(lines()).hasSize(3);
    }

    @Test
    void commitWithAMissingRowThrowsAndPublishesNothing() throws IOException {
        try (ReportWriter writer = new ReportWriter(target())) {
            writer.add(downloaded(0));
            writer.add(downloaded(2));
            assertThatThrownBy(writer::commit)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("missing row 2");
            assertThat(target()).doesNotExist();
        }
        assertThat(target()).doesNotExist();
        assertThat(temp()).doesNotExist();
    }

    @Test
    void commitWithOnlyTheFirstRowMissingThrows() throws IOException {
        try (ReportWriter writer = new ReportWriter(target())) {
            writer.add(downloaded(1));
            assertThatThrownBy(writer::commit).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("missing row 1");
        }
        assertThat(target()).doesNotExist();
    }

    @Test
    void closeWithoutCommitLeavesNoFinalAndNoTempFile() throws IOException {
        ReportWriter writer = new ReportWriter(target());
        writer.add(downloaded(0));
        writer.close();
        assertThat(target()).doesNotExist();
        assertThat(temp()).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void closeAfterCommitKeepsTheReport() throws IOException {
        ReportWriter writer = new ReportWriter(target());
        writer.add(downloaded(0));
        writer.commit();
        writer.close();
        writer.close();
        assertThat(lines()).hasSize(2);
        assertThat(temp()).doesNotExist();
    }

    @Test
    void commitReplacesAnEarlierReport() throws IOException {
        Files.writeString(target(), "stale\n");
        try (ReportWriter writer = new ReportWriter(target())) {
            assertThat(Files.readString(target())).isEqualTo("stale\n");
            writer.add(downloaded(0));
            writer.commit();
        }
        assertThat(lines()).hasSize(2).first().isEqualTo(HEADER);
    }

    @Test
    void closeWithoutCommitLeavesAnEarlierReportAlone() throws IOException {
        Files.writeString(target(), "earlier\n");
        try (ReportWriter writer = new ReportWriter(target())) {
            writer.add(downloaded(0));
        }
        assertThat(Files.readString(target())).isEqualTo("earlier\n");
    }

    @Test
    void quotesCommasAndQuotes() throws IOException {
        String text = "not,a \"url\"";
        Item item = new Item("run", "list.txt", "list", 0, 1, text, null, Outcome.INVALID, "not a URL: 'x, \"y\"'");
        List<String> fields = singleRow(new ItemResult(item, Outcome.INVALID, 0, null, 0, null, 0, 0, item.reason(), false, null, -1, -1));
        assertThat(fields.get(1)).isEqualTo(text);
        assertThat(fields.get(9)).isEqualTo("not a URL: 'x, \"y\"'");
        assertThat(lines().get(1)).isEqualTo("1,\"not,a \"\"url\"\"\",invalid,,,,,0,0,\"not a URL: 'x, \"\"y\"\"'\",,,");
    }

    @Test
    void quotesFileNamesAndContentTypesWithCommas() throws IOException {
        ItemResult r = new ItemResult(item(0, "http://a.example/x.jpg"), Outcome.DOWNLOADED, 200, "a,b.jpg", 5,
                "image/jpeg; a=\"1,2\"", 1, 1, null, false, null, -1, -1);
        List<String> fields = singleRow(r);
        assertThat(fields.get(4)).isEqualTo("a,b.jpg");
        assertThat(fields.get(6)).isEqualTo("image/jpeg; a=\"1,2\"");
    }

    @Test
    void plainValuesAreNotQuoted() {
        assertThat(ReportWriter.csv("http://a.example/x.jpg?a=1&b=2")).isEqualTo("http://a.example/x.jpg?a=1&b=2");
        assertThat(ReportWriter.csv("it's fine")).isEqualTo("it's fine");
        assertThat(ReportWriter.csv(null)).isEmpty();
        assertThat(ReportWriter.csv("")).isEmpty();
    }

    @Test
    void controlCharactersNeverBreakARow() throws IOException {
        String text = "evil\nline\r\nwith\ttab\u0000nul\u0007bell\u007Fdel\rcr";
        String error = "bad\nerror,\"quoted\"\r\n2,forged,row";
        Item item = new Item("run", "list.txt", "list", 0, 1, text, null, Outcome.INVALID, error);
        List<String> fields = singleRow(new ItemResult(item, Outcome.INVALID, 0, null, 0, null, 0, 0, error, false, null, -1, -1));
        assertThat(fields.get(1)).isEqualTo("evil line  with tab nul bell del cr");
        assertThat(fields.get(9)).isEqualTo("bad error,\"quoted\"  2,forged,row");
        assertThat(Files.readString(target(), StandardCharsets.UTF_8)).doesNotContain("\r", "\t", "\u0000");
    }

    @Test
    void controlCharactersInEveryTextColumnBecomeSpaces() {
        ItemResult r = new ItemResult(new Item("run", "list.txt", "list", 0, 1, "a\nb", null, Outcome.FAILED, null), Outcome.FAILED,
                0, "f\r.jpg", 0, "image/\njpeg", 1, 1, "e\u0000r", false, null, -1, -1);
        String row = ReportWriter.row(r);
        assertThat(row).endsWith("\n");
        assertThat(row.substring(0, row.length() - 1)).doesNotContain("\n", "\r", "\u0000")
                .isEqualTo("1,a b,failed,,f .jpg,,image/ jpeg,1,1,e r,,,");
    }

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void bytesColumnIsFilledOnlyForAFileTheUserHas(Outcome outcome) {
        ItemResult r = new ItemResult(item(0, "http://a.example/x.jpg"), outcome, 200, "x.jpg", 4242, "image/png", 1,
                7, null, false, null, -1, -1);
        String bytes = fields(ReportWriter.row(r).stripTrailing()).get(5);
        if (outcome == Outcome.DOWNLOADED || outcome == Outcome.SKIPPED || outcome == Outcome.DUPLICATE) {
            assertThat(bytes).isEqualTo("4242");
        } else {
            assertThat(bytes).isEmpty();
        }
    }

    @Test
    void zeroBytesAreWrittenForADownload() {
        ItemResult r = new ItemResult(item(0, "http://a.example/x.jpg"), Outcome.SKIPPED, 0, "x.jpg", 0, null, 0, 0,
                null, false, null, -1, -1);
        assertThat(ReportWriter.row(r)).isEqualTo("1,http://a.example/x.jpg,skipped,,x.jpg,0,,0,0,,,,\n");
    }

    @Test
    void statusColumnIsEmptyWithoutAResponse() {
        ItemResult r = new ItemResult(item(0, "http://a.example/x.jpg"), Outcome.FAILED, 0, null, 0, null, 6, 9000,
                "connection refused", false, null, -1, -1);
        assertThat(fields(ReportWriter.row(r).stripTrailing())).containsExactly(
                "1", "http://a.example/x.jpg", "failed", "", "", "", "", "6", "9000", "connection refused", "", "", "");
    }

    @Test
    void urlColumnShowsTheNormalisedUrlWhenThereIsOne() {
        Item dup = new Item("run", "list.txt", "list", 0, 5, "HTTP://A.EXAMPLE/x.jpg", URI.create("http://a.example/x.jpg"),
                Outcome.DUPLICATE, "same URL as line 1");
        String row = ReportWriter.row(new ItemResult(dup, Outcome.DUPLICATE, 0, null, 0, null, 0, 0, dup.reason(), false, null, -1, -1));
        assertThat(row).isEqualTo("5,http://a.example/x.jpg,duplicate,,,,,0,0,same URL as line 1,,,\n");
    }

    @Test
    void unicodeLineBreaksAreBlankedToo() {
        assertThat(ReportWriter.csv("a\u0085b\u2028c\u2029d")).isEqualTo("a b c d");
        // Characters beyond the BMP are pairs of chars that are never control characters.
        assertThat(ReportWriter.csv("\uD83D\uDE00,x")).isEqualTo("\"\uD83D\uDE00,x\"");
    }
}
