package org.imagedownloader.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListFileTest {

    private static final int LIMIT = 2048;

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("list.txt"), text, StandardCharsets.UTF_8);
    }

    private Path writeBytes(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("list.txt"), bytes);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void countsLinesAndItems() throws Exception {
        Path list = write("http://a/1.jpg\nhttp://a/2.jpg\nhttp://a/3.jpg\n");
        assertThat(ListFile.scan(list, LIMIT)).isEqualTo(new ListFile.Scan(3, 3));
    }

    @Test
    void blankAndCommentLinesAreNotItems() throws Exception {
        Path list = write("# my list\n"
                + "http://a/1.jpg\n"
                + "\n"
                + "   \t \n"
                + "   # indented comment\n"
                + "\t#tab-indented comment\n"
                + "http://a/2.jpg\n"
                + "#http://a/commented-out.jpg\n");
        assertThat(ListFile.scan(list, LIMIT)).isEqualTo(new ListFile.Scan(8, 2));
    }

    @Test
    void invalidUrlLinesStillCountAsItems() throws Exception {
        // Items are judged later; the scan only separates blank and comment lines from the rest.
        Path list = write("garbage\nftp://a/x\nhttp://a/x.jpg # not a comment\n");
        assertThat(ListFile.scan(list, LIMIT)).isEqualTo(new ListFile.Scan(3, 3));
    }

    @Test
    void countsCrLfAndCrOnlyLineEndings() throws Exception {
        Path list = write("http://a/1.jpg\r\n\r\nhttp://a/2.jpg\rhttp://a/3.jpg");
        assertThat(ListFile.scan(list, LIMIT)).isEqualTo(new ListFile.Scan(4, 3));
    }

    @Test
    void emptyFileHasNoLines() throws Exception {
        assertThat(ListFile.scan(write(""), LIMIT)).isEqualTo(new ListFile.Scan(0, 0));
    }

    @Test
    void utf8ByteOrderMarkIsFine() throws Exception {
        Path list = writeBytes(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                utf8("# comment after a BOM\nhttp://a/1.jpg\n")));
        assertThat(ListFile.scan(list, LIMIT)).isEqualTo(new ListFile.Scan(2, 1));
    }

    @Test
    void byteOrderMarkBeforeAnItemLeavesTheItemCounted() throws Exception {
        Path list = writeBytes(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("http://a/1.jpg")));
        assertThat(ListFile.scan(list, LIMIT)).isEqualTo(new ListFile.Scan(1, 1));
    }

    @Test
    void nonAsciiUtf8IsFine() throws Exception {
        Path list = write("http://bücher.example/straße.jpg\nhttp://例え.jp/画像.png\n");
        assertThat(ListFile.scan(list, LIMIT)).isEqualTo(new ListFile.Scan(2, 2));
    }

    @Test
    void invalidUtf8IsRefusedAsNotUtf8() throws IOException {
        // "café" in Latin-1: a lone 0xE9 is not UTF-8.
        Path list = writeBytes(concat(utf8("http://a/1.jpg\nhttp://a/caf"), new byte[] {(byte) 0xE9}, utf8(".jpg\n")));
        assertThatThrownBy(() -> ListFile.scan(list, LIMIT))
                .isInstanceOf(UnreadableListException.class)
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void overlongUtf8EncodingIsRefused() throws IOException {
        // 0xC0 0xAF is an overlong '/', which a strict decoder must reject.
        Path list = writeBytes(concat(utf8("http://a"), new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("x.jpg")));
        assertThatThrownBy(() -> ListFile.scan(list, LIMIT))
                .isInstanceOf(UnreadableListException.class)
                .hasMessageContaining("not UTF-8");
    }

    @Test
    void utf16FileIsRefused() throws IOException {
        Path list = writeBytes("http://a/1.jpg\n".getBytes(StandardCharsets.UTF_16LE));
        assertThatThrownBy(() -> ListFile.scan(list, LIMIT))
                .isInstanceOf(UnreadableListException.class)
                .hasMessageContaining("NUL");
    }

    @Test
    void nulByteIsRefused() throws IOException {
        Path list = writeBytes(concat(utf8("http://a/1.jpg\nhttp://a/"), new byte[] {0}, utf8("2.jpg\n")));
        assertThatThrownBy(() -> ListFile.scan(list, LIMIT))
                .isInstanceOf(UnreadableListException.class)
                .hasMessageContaining("NUL")
                .hasMessageContaining("line 2");
    }

    @Test
    void nulByteOnABlankLookingLineIsRefused() throws IOException {
        Path list = writeBytes(concat(utf8("http://a/1.jpg\n"), new byte[] {0}, utf8("\n")));
        assertThatThrownBy(() -> ListFile.scan(list, LIMIT))
                .isInstanceOf(UnreadableListException.class)
                .hasMessageContaining("NUL");
    }

    @Test
    void missingFileIsUnreadable() {
        assertThatThrownBy(() -> ListFile.scan(dir.resolve("absent.txt"), LIMIT))
                .isInstanceOf(UnreadableListException.class)
                .hasMessageContaining("cannot read");
    }

    @Test
    void isItemSeparatesItemsFromBlanksAndComments() {
        assertThat(ListFile.isItem("http://a/x.jpg")).isTrue();
        assertThat(ListFile.isItem("garbage")).isTrue();
        assertThat(ListFile.isItem("")).isFalse();
        assertThat(ListFile.isItem("#")).isFalse();
        assertThat(ListFile.isItem("# comment")).isFalse();
    }

    @Test
    void openDecodesUtf8Strictly() throws IOException {
        Path list = writeBytes(concat(utf8("ok"), new byte[] {(byte) 0xFF}));
        try (Reader reader = ListFile.open(list)) {
            assertThatThrownBy(() -> {
                while (reader.read() >= 0) {
                    // drain
                }
            }).isInstanceOf(java.nio.charset.CharacterCodingException.class);
        }
    }
}
