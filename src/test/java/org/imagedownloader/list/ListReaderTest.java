package org.imagedownloader.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListReaderTest {

    private static final int LIMIT = 2048;

    @TempDir
    Path dir;

    private final List<Long> ends = new ArrayList<>();

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("list.txt"), text, StandardCharsets.UTF_8);
    }

    private ListReader reader(String text, int limit) throws IOException {
        return new ListReader(write(text), "run-1", "list", limit, ends::add);
    }

    private List<Item> items(String text) throws IOException {
        return items(text, LIMIT);
    }

    private List<Item> items(String text, int limit) throws IOException {
        List<Item> items = new ArrayList<>();
        try (ListReader reader = reader(text, limit)) {
            reader.forEachRemaining(items::add);
        }
        return items;
    }

    private Item single(String line) throws IOException {
        List<Item> items = items(line + "\n");
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    @Test
    void yieldsItemsInOrderWithLineNumbersAndContiguousSeq() throws IOException {
        List<Item> items = items("# header\n"
                + "http://a.example/1.jpg\n"
                + "\n"
                + "http://a.example/2.jpg\n"
                + "   # indented comment\n"
                + "\n"
                + "http://a.example/3.jpg\n");
        assertThat(items).extracting(Item::line).containsExactly(2, 4, 7);
        assertThat(items).extracting(Item::seq).containsExactly(0L, 1L, 2L);
        assertThat(items).extracting(Item::url).containsExactly(
                URI.create("http://a.example/1.jpg"), URI.create("http://a.example/2.jpg"),
                URI.create("http://a.example/3.jpg"));
        assertThat(items).allSatisfy(item -> {
            assertThat(item.runId()).isEqualTo("run-1");
            assertThat(item.verdict()).isNull();
            assertThat(item.reason()).isNull();
        });
    }

    @Test
    void trimsWhitespaceAroundTheUrl() throws IOException {
        Item item = single(" \t http://a.example/x.jpg \t ");
        assertThat(item.text()).isEqualTo("http://a.example/x.jpg");
        assertThat(item.url()).isEqualTo(URI.create("http://a.example/x.jpg"));
        assertThat(item.verdict()).isNull();
    }

    @Test
    void readsCrLfLists() throws IOException {
        List<Item> items = items("http://a.example/1.jpg\r\n\r\nhttp://a.example/2.jpg\r\n");
        assertThat(items).extracting(Item::text).containsExactly("http://a.example/1.jpg", "http://a.example/2.jpg");
        assertThat(items).extracting(Item::line).containsExactly(1, 3);
        assertThat(items).extracting(Item::verdict).containsOnlyNulls();
    }

    @Test
    void readsListWithByteOrderMark() throws IOException {
        List<Item> items = items("\uFEFFhttp://a.example/1.jpg\n");
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.url()).isEqualTo(URI.create("http://a.example/1.jpg"));
            assertThat(item.verdict()).isNull();
        });
    }

    @Test
    void listOfOnlyBlanksAndCommentsHasNoItems() throws IOException {
        assertThat(items("# nothing\n\n   \n#http://a.example/x.jpg\n")).isEmpty();
        assertThat(ends).containsExactly(0L);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ftp://a.example/x.jpg",
            "file:///etc/passwd",
            "garbage",
            "direct:list",
            "exec:ls",
            "javascript:alert(1)",
            "http:/a.example/x.jpg",
            "http://",
            "www.example.com/x.jpg"})
    void invalidLinesAreDecidedInvalidWithAReason(String line) throws IOException {
        Item item = single(line);
        assertThat(item.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(item.url()).isNull();
        assertThat(item.reason()).isNotBlank();
        assertThat(item.text()).isEqualTo(line);
        assertThat(item.urlText()).isEqualTo(line);
    }

    @Test
    void invalidReasonNamesTheScheme() throws IOException {
        assertThat(single("ftp://a.example/x.jpg").reason()).contains("ftp");
        assertThat(single("exec:ls").reason()).contains("exec");
    }

    @Test
    void invalidLinesKeepTheirPlaceInTheSequence() throws IOException {
        List<Item> items = items("http://a.example/1.jpg\nnonsense\nhttp://a.example/2.jpg\n");
        assertThat(items).extracting(Item::seq).containsExactly(0L, 1L, 2L);
        assertThat(items).extracting(Item::verdict).containsExactly(null, Outcome.INVALID, null);
    }

    @Test
    void overLongLineIsInvalidWithItsLengthInTheReason() throws IOException {
        String line = "http://a.example/" + "x".repeat(83); // 100 characters
        Item item = items(line + "\nhttp://a.example/ok.jpg\n", 50).get(0);
        assertThat(item.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(item.url()).isNull();
        assertThat(item.reason()).isEqualTo("line too long (100 characters, limit 50)");
        assertThat(item.line()).isEqualTo(1);
    }

    @Test
    void lineExactlyAtTheLimitIsValidAndOneMoreIsNot() throws IOException {
        String atLimit = "http://a.example/" + "x".repeat(33); // 50 characters
        String overByOne = atLimit + "y";
        List<Item> items = items(atLimit + "\n" + overByOne + "\n", 50);
        assertThat(items.get(0).verdict()).isNull();
        assertThat(items.get(0).url()).hasToString(atLimit);
        assertThat(items.get(1).verdict()).isEqualTo(Outcome.INVALID);
        assertThat(items.get(1).reason()).isEqualTo("line too long (51 characters, limit 50)");
    }

    @Test
    void overLongLineIsShownShortened() throws IOException {
        String line = "http://a.example/" + "x".repeat(10_000);
        Item item = items(line + "\n", 300).get(0);
        assertThat(item.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(item.text()).hasSize(203).startsWith("http://a.example/xxx").endsWith("...");
        assertThat(item.reason()).contains("10017 characters", "limit 300");
    }

    @Test
    void theLargestLineLimitStillReadsEveryLine() throws IOException {
        List<Item> items = items("http://a.example/1.jpg\nhttp://a.example/2.jpg\n", Integer.MAX_VALUE - 1);
        assertThat(items).extracting(Item::url)
                .containsExactly(URI.create("http://a.example/1.jpg"), URI.create("http://a.example/2.jpg"));
    }

    @Test
    void aLineWithCredentialsIsInvalidAndShownWithoutThem() throws IOException {
        Item item = single("https://alice:s3cret@example.com/cat.jpg");
        assertThat(item.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(item.urlText()).isEqualTo("https://***@example.com/cat.jpg");
        assertThat(item.reason()).doesNotContain("s3cret");
    }

    @Test
    void longLineIsNeverShownCutInsideACharacter() throws IOException {
        String line = "x".repeat(199) + "\uD83D\uDE00".repeat(10); // an emoji across the 200th character
        Item item = single(line);
        assertThat(item.verdict()).isEqualTo(Outcome.INVALID);
        assertThat(item.text()).isEqualTo("x".repeat(199) + "...");
        assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(item.text())).isTrue();
    }

    @Test
    void overLongLineIsFollowedByTheNextLine() throws IOException {
        List<Item> items = items("x".repeat(5_000) + "\nhttp://a.example/next.jpg\n", 100);
        assertThat(items).hasSize(2);
        assertThat(items.get(1).line()).isEqualTo(2);
        assertThat(items.get(1).url()).isEqualTo(URI.create("http://a.example/next.jpg"));
    }

    @Test
    void sameUrlTwiceMakesTheLaterADuplicate() throws IOException {
        List<Item> items = items("http://a.example/x.jpg\nhttp://a.example/y.jpg\n\nhttp://a.example/x.jpg\n");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).verdict()).isNull();
        assertThat(items.get(1).verdict()).isNull();
        Item dup = items.get(2);
        assertThat(dup.verdict()).isEqualTo(Outcome.DUPLICATE);
        assertThat(dup.reason()).isEqualTo("same URL as line 1");
        assertThat(dup.line()).isEqualTo(4);
        assertThat(dup.seq()).isEqualTo(2);
        assertThat(dup.url()).isEqualTo(URI.create("http://a.example/x.jpg"));
    }

    @Test
    void everyRepeatPointsAtTheFirstOccurrence() throws IOException {
        List<Item> items = items("http://a.example/x.jpg\nhttp://a.example/x.jpg\nhttp://a.example/x.jpg\n");
        assertThat(items).extracting(Item::verdict).containsExactly(null, Outcome.DUPLICATE, Outcome.DUPLICATE);
        assertThat(items).extracting(Item::reason).containsExactly(null, "same URL as line 1", "same URL as line 1");
    }

    @Test
    void urlsDifferingOnlyInSchemeAndHostCaseAreTheSame() throws IOException {
        List<Item> items = items("http://example.com/a.jpg\nHTTP://EXAMPLE.COM/a.jpg\nHttp://Example.Com/a.jpg\n");
        assertThat(items).extracting(Item::verdict).containsExactly(null, Outcome.DUPLICATE, Outcome.DUPLICATE);
        // The normalised URL is shown, the original spelling kept as text.
        assertThat(items.get(1).url()).isEqualTo(URI.create("http://example.com/a.jpg"));
        assertThat(items.get(1).text()).isEqualTo("HTTP://EXAMPLE.COM/a.jpg");
    }

    @Test
    void pathCaseMatters() throws IOException {
        List<Item> items = items("http://example.com/a.jpg\nhttp://example.com/A.jpg\n");
        assertThat(items).extracting(Item::verdict).containsOnlyNulls();
    }

    @Test
    void differentSchemesAreDifferentUrls() throws IOException {
        List<Item> items = items("http://example.com/a.jpg\nhttps://example.com/a.jpg\n");
        assertThat(items).extracting(Item::verdict).containsOnlyNulls();
    }

    @Test
    void spellingsThatNormaliseAlikeAreDuplicates() throws IOException {
        List<Item> items = items("http://example.com/a b.jpg\n"
                + "http://example.com/a%20b.jpg\n"
                + "http://bücher.example/x.jpg\n"
                + "http://xn--bcher-kva.example/x.jpg\n"
                + "http://example.com/c.jpg#top\n"
                + "http://example.com/c.jpg\n");
        assertThat(items).extracting(Item::verdict).containsExactly(
                null, Outcome.DUPLICATE, null, Outcome.DUPLICATE, null, Outcome.DUPLICATE);
        assertThat(items).extracting(Item::reason).containsExactly(
                null, "same URL as line 1", null, "same URL as line 3", null, "same URL as line 5");
    }

    @Test
    void invalidLinesAreNeverDuplicates() throws IOException {
        List<Item> items = items("garbage\ngarbage\n");
        assertThat(items).extracting(Item::verdict).containsExactly(Outcome.INVALID, Outcome.INVALID);
    }

    @Test
    void onEndReceivesTheItemCountOnceAfterTheLastItem() throws IOException {
        try (ListReader reader = reader("http://a.example/1.jpg\n\n# c\nbad\nhttp://a.example/1.jpg\n# tail\n", LIMIT)) {
            assertThat(reader.hasNext()).isTrue();
            reader.next();
            reader.next();
            Item last = reader.next();
            assertThat(last.seq()).isEqualTo(2);
            assertThat(ends).as("not before the end has been read").isEmpty();
            assertThat(reader.hasNext()).isFalse();
            assertThat(ends).containsExactly(3L);
            assertThat(reader.hasNext()).isFalse();
            assertThat(reader.hasNext()).isFalse();
            assertThat(ends).containsExactly(3L);
        }
    }

    @Test
    void onEndIsToldZeroForAnEmptyList() throws IOException {
        try (ListReader reader = reader("", LIMIT)) {
            assertThat(reader.hasNext()).isFalse();
            assertThat(reader.hasNext()).isFalse();
        }
        assertThat(ends).containsExactly(0L);
    }

    @Test
    void nextAfterTheEndThrowsNoSuchElement() throws IOException {
        try (ListReader reader = reader("http://a.example/1.jpg", LIMIT)) {
            assertThat(reader.next().line()).isEqualTo(1);
            assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
            assertThat(reader.hasNext()).isFalse();
        }
        assertThat(ends).containsExactly(1L);
    }

    @Test
    void hasNextIsIdempotentBeforeNext() throws IOException {
        try (ListReader reader = reader("http://a.example/1.jpg\nhttp://a.example/2.jpg\n", LIMIT)) {
            assertThat(reader.hasNext()).isTrue();
            assertThat(reader.hasNext()).isTrue();
            assertThat(reader.next().seq()).isZero();
            assertThat(reader.next().seq()).isEqualTo(1);
        }
    }

    @Test
    void manyItemsKeepContiguousSeqAndLineNumbers() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            text.append("http://a.example/").append(i).append(".jpg\n");
        }
        List<Item> items = items(text.toString());
        assertThat(items).hasSize(5_000);
        assertThat(items).extracting(Item::seq).containsExactlyElementsOf(
                IntStream.range(0, 5_000).mapToObj(i -> (long) i).toList());
        assertThat(items.get(4_999).line()).isEqualTo(5_000);
        assertThat(items).extracting(Item::verdict).containsOnlyNulls();
        assertThat(ends).containsExactly(5_000L);
    }

    @Test
    void invalidUtf8SurfacesAsUncheckedIoWithTheLine() throws IOException {
        Path file = dir.resolve("bad.txt");
        Files.write(file, new byte[] {'h', 't', 't', 'p', (byte) 0xFF, '\n'});
        try (ListReader reader = new ListReader(file, "run-1", "list", LIMIT, ends::add)) {
            assertThatThrownBy(reader::hasNext)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("line 1");
        }
        assertThat(ends).isEmpty();
    }

    @Test
    void lineWithLongLeadingWhitespaceIsNotSilentlyDropped() throws IOException {
        List<Item> items = items(" ".repeat(60) + "http://a.example/x.jpg\n", 50);
        assertThat(items).hasSize(1);
        assertThat(items.get(0).line()).isEqualTo(1);
        assertThat(ends).containsExactly(1L);
    }

    @Test
    void trailingWhitespaceDoesNotChangeTheVerdict() throws IOException {
        // 22 characters, limit 25: with 4 blanks the raw line is 26, with 5 it is 27.
        List<Item> items = items("http://a.example/x.jpg    \nhttp://a.example/y.jpg     \n", 25);
        assertThat(items).extracting(Item::verdict).containsExactly(null, null);
    }
}
