package org.imagedownloader.list;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static List<LineReader.Line> readAll(String input, int limit) throws IOException {
        List<LineReader.Line> lines = new ArrayList<>();
        try (LineReader reader = new LineReader(new StringReader(input), limit)) {
            for (LineReader.Line line = reader.next(); line != null; line = reader.next()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static List<String> texts(String input) throws IOException {
        return readAll(input, 1000).stream().map(LineReader.Line::text).toList();
    }

    @Test
    void splitsOnLf() throws IOException {
        assertThat(texts("a\nbb\nccc\n")).containsExactly("a", "bb", "ccc");
    }

    @Test
    void splitsOnCrLfWithoutLeavingCrOrEmptyLines() throws IOException {
        assertThat(texts("a\r\nbb\r\nccc\r\n")).containsExactly("a", "bb", "ccc");
    }

    @Test
    void splitsOnLoneCr() throws IOException {
        assertThat(texts("a\rbb\rccc\r")).containsExactly("a", "bb", "ccc");
    }

    @Test
    void splitsMixedLineEndings() throws IOException {
        assertThat(texts("a\nb\r\nc\rd\n\re")).containsExactly("a", "b", "c", "d", "", "e");
    }

    @Test
    void lineEndingsSplitAcrossReadsAreTheSame() throws IOException {
        // A CR at the end of one block of chars and its LF (or the next line) at the start of the next.
        String input = "x".repeat(8191) + "\r\n" + "y".repeat(8190) + "\r" + "z\r\rw";
        List<String> expected = List.of("x".repeat(8191), "y".repeat(8190), "z", "", "w");
        assertThat(readAll(input, 10_000).stream().map(LineReader.Line::text).toList()).isEqualTo(expected);
        List<String> oneCharAtATime = new ArrayList<>();
        Reader trickle = new StringReader(input) {
            @Override
            public int read(char[] buf, int off, int len) throws IOException {
                return super.read(buf, off, Math.min(len, 1));
            }
        };
        try (LineReader reader = new LineReader(trickle, 10_000)) {
            for (LineReader.Line line = reader.next(); line != null; line = reader.next()) {
                oneCharAtATime.add(line.text());
            }
        }
        assertThat(oneCharAtATime).isEqualTo(expected);
    }

    @Test
    void keepsEmptyLinesBetweenLineEndings() throws IOException {
        assertThat(texts("a\n\nb\r\n\r\nc\r\rd")).containsExactly("a", "", "b", "", "c", "", "d");
    }

    @Test
    void readsLastLineWithoutNewline() throws IOException {
        assertThat(texts("first\nlast")).containsExactly("first", "last");
        assertThat(texts("only")).containsExactly("only");
    }

    @Test
    void trailingNewlineDoesNotAddAnEmptyLine() throws IOException {
        assertThat(texts("a\n")).containsExactly("a");
        assertThat(texts("a\r")).containsExactly("a");
        assertThat(texts("a\r\n")).containsExactly("a");
    }

    @Test
    void emptyInputHasNoLines() throws IOException {
        assertThat(texts("")).isEmpty();
    }

    @Test
    void lineOfOnlyNewlineIsOneEmptyLine() throws IOException {
        assertThat(texts("\n")).containsExactly("");
        assertThat(texts("\r\n")).containsExactly("");
    }

    @Test
    void dropsByteOrderMarkAtTheVeryStart() throws IOException {
        assertThat(texts("\uFEFFhttp://a/x.jpg\nb")).containsExactly("http://a/x.jpg", "b");
    }

    @Test
    void inputOfOnlyByteOrderMarkHasNoLines() throws IOException {
        assertThat(texts("\uFEFF")).isEmpty();
    }

    @Test
    void keepsByteOrderMarkAnywhereElse() throws IOException {
        assertThat(texts("a\n\uFEFFb")).containsExactly("a", "\uFEFFb");
        assertThat(texts("a\uFEFF")).containsExactly("a\uFEFF");
    }

    @Test
    void dropsOnlyOneLeadingByteOrderMark() throws IOException {
        assertThat(texts("\uFEFF\uFEFFa")).containsExactly("\uFEFFa");
    }

    @Test
    void byteOrderMarkBeforeEmptyFirstLineKeepsThatLine() throws IOException {
        assertThat(texts("\uFEFF\nb")).containsExactly("", "b");
    }

    @Test
    void reportsFullLengthOfShortLines() throws IOException {
        List<LineReader.Line> lines = readAll("abc\r\nde\n", 10);
        assertThat(lines).containsExactly(new LineReader.Line("abc", 3, false), new LineReader.Line("de", 2, false));
        assertThat(lines).allMatch(l -> l.length() <= l.text().length());
    }

    @Test
    void lineExactlyAtTheLimitIsNotTruncated() throws IOException {
        LineReader.Line line = readAll("12345\n", 5).get(0);
        assertThat(line.text()).isEqualTo("12345");
        assertThat(line.length()).isEqualTo(5);
        assertThat(line.length()).isEqualTo(line.text().length());
    }

    @Test
    void longLineIsCutToTheLimitWithItsFullLengthReported() throws IOException {
        List<LineReader.Line> lines = readAll("0123456789ABCDEF\nnext\n", 5);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).text()).isEqualTo("01234");
        assertThat(lines.get(0).length()).isEqualTo(16);
        assertThat(lines.get(0).length()).isGreaterThan(lines.get(0).text().length());
        // The rest of the long line is consumed, not returned as further lines.
        assertThat(lines.get(1)).isEqualTo(new LineReader.Line("next", 4, false));
    }

    @Test
    void byteOrderMarkDoesNotCountTowardsLength() throws IOException {
        assertThat(readAll("\uFEFFabc", 10)).containsExactly(new LineReader.Line("abc", 3, false));
    }

    @Test
    void hugeLineKeepsNoMoreThanTheLimit() throws IOException {
        int size = 5 * 1024 * 1024;
        Reader huge = new Reader() {
            private int left = size;

            @Override
            public int read(char[] cbuf, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = Math.min(len, left);
                java.util.Arrays.fill(cbuf, off, off + n, 'x');
                left -= n;
                return n;
            }

            @Override
            public void close() {
            }
        };
        try (LineReader reader = new LineReader(huge, 64)) {
            LineReader.Line line = reader.next();
            assertThat(line.text()).hasSize(64);
            assertThat(line.length()).isEqualTo(size);
            assertThat(line.length()).isGreaterThan(line.text().length());
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void nextAfterEndKeepsReturningNull() throws IOException {
        try (LineReader reader = new LineReader(new StringReader("a\r"), 10)) {
            assertThat(reader.next()).isEqualTo(new LineReader.Line("a", 1, false));
            assertThat(reader.next()).isNull();
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void closeClosesTheUnderlyingReader() throws IOException {
        boolean[] closed = {false};
        Reader in = new StringReader("a") {
            @Override
            public void close() {
                closed[0] = true;
                super.close();
            }
        };
        new LineReader(in, 10).close();
        assertThat(closed[0]).isTrue();
    }
}
