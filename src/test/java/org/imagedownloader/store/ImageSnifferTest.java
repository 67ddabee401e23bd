package org.imagedownloader.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagedownloader.store.Bytes.ascii;
import static org.imagedownloader.store.Bytes.bytes;
import static org.imagedownloader.store.Bytes.concat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageSnifferTest {

    private static Optional<ImageType> sniff(byte[] head) {
        return ImageSniffer.sniff(head, head.length);
    }

    private static Optional<ImageType> sniff(String text) {
        return sniff(text.getBytes(StandardCharsets.UTF_8));
    }

    /** An ISO-BMFF ftyp box with a correct size field, followed by unrelated bytes. */
    private static byte[] ftyp(String major, String... compatible) {
        int size = 16 + 4 * compatible.length;
        byte[] box = concat(bytes(0, 0, 0, size), ascii("ftyp"), ascii(major), bytes(0, 0, 0, 0));
        for (String brand : compatible) {
            box = concat(box, ascii(brand));
        }
        return concat(box, bytes(0, 0, 0, 8), ascii("meta"), ascii("avif"));
    }

    private static byte[] bmp(int dibSize) {
        return concat(ascii("BM"), bytes(0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0), bytes(dibSize, 0, 0, 0),
                new byte[40]);
    }

    // --- binary signatures

    @Test
    void jpeg() {
        assertThat(sniff(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'))).contains(ImageType.JPEG);
        assertThat(sniff(bytes(0xFF, 0xD8, 0xFF))).contains(ImageType.JPEG);
        assertThat(sniff(bytes(0xFF, 0xD8, 0xFE))).isEmpty();
        assertThat(sniff(bytes(0xFF, 0xD8))).isEmpty();
    }

    @Test
    void png() {
        assertThat(sniff(concat(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A), ascii("\0\0\0\rIHDR"))))
                .contains(ImageType.PNG);
        // A PNG mangled by a text-mode transfer (CRLF -> LF) is broken, not a PNG.
        assertThat(sniff(bytes(0x89, 'P', 'N', 'G', 0x0A, 0x1A, 0x0A, 0))).isEmpty();
        assertThat(sniff(bytes(0x89, 'P', 'N', 'G'))).isEmpty();
    }

    @Test
    void gif() {
        assertThat(sniff("GIF89a\u0001\u0000")).contains(ImageType.GIF);
        assertThat(sniff("GIF87a")).contains(ImageType.GIF);
        assertThat(sniff("GIF88a")).isEmpty();
        assertThat(sniff("GIF8")).isEmpty();
        assertThat(sniff("gif89a")).isEmpty();
    }

    @Test
    void webp() {
        assertThat(sniff(concat(ascii("RIFF"), bytes(0x24, 0, 0, 0), ascii("WEBPVP8 ")))).contains(ImageType.WEBP);
        assertThat(sniff(concat(ascii("RIFF"), bytes(0x24, 0, 0, 0), ascii("WAVEfmt ")))).isEmpty();
        assertThat(sniff(concat(ascii("RIFF"), bytes(0x24, 0, 0, 0), ascii("WEB")))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 40, 52, 56, 64, 108, 124})
    void bmpWithAKnownDibHeader(int dibSize) {
        assertThat(sniff(bmp(dibSize))).contains(ImageType.BMP);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16, 39, 41, 100, 125, 255})
    void bmpMagicWithAnImplausibleDibHeaderIsNotAnImage(int dibSize) {
        assertThat(sniff(bmp(dibSize))).isEmpty();
    }

    @Test
    void textThatStartsWithBmIsNotABitmap() {
        assertThat(sniff("BMW owners club: the full list of members and their cars")).isEmpty();
    }

    @Test
    void bmpCutShortBeforeTheDibHeaderIsJudgedByItsMagic() {
        assertThat(sniff(ascii("BM"))).contains(ImageType.BMP);
        byte[] full = bmp(40);
        assertThat(ImageSniffer.sniff(full, 17)).contains(ImageType.BMP);
        assertThat(ImageSniffer.sniff(full, 18)).contains(ImageType.BMP);
    }

    @Test
    void tiffInBothByteOrders() {
        assertThat(sniff(bytes('I', 'I', 42, 0, 8, 0, 0, 0))).contains(ImageType.TIFF);
        assertThat(sniff(bytes('M', 'M', 0, 42, 0, 0, 0, 8))).contains(ImageType.TIFF);
        assertThat(sniff(bytes('I', 'I', 0, 42))).isEmpty();
        assertThat(sniff(bytes('M', 'M', 42, 0))).isEmpty();
        // BigTIFF is rare on the web and not promised.
        assertThat(sniff(bytes('I', 'I', 43, 0))).isEmpty();
    }

    @Test
    void ico() {
        assertThat(sniff(bytes(0, 0, 1, 0, 1, 0, 16, 16, 0, 0))).contains(ImageType.ICO);
        assertThat(sniff(bytes(0, 0, 1, 0, 0, 1))).contains(ImageType.ICO);
    }

    @Test
    void icoWithoutImagesOrTooShortToTellIsNot() {
        assertThat(sniff(bytes(0, 0, 1, 0, 0, 0, 16, 16))).isEmpty();
        assertThat(sniff(bytes(0, 0, 1, 0, 1))).isEmpty();
        // The cursor format (type 2) is not an icon.
        assertThat(sniff(bytes(0, 0, 2, 0, 1, 0))).isEmpty();
    }

    @Test
    void avifByMajorBrand() {
        assertThat(sniff(ftyp("avif", "mif1", "miaf"))).contains(ImageType.AVIF);
        assertThat(sniff(ftyp("avis", "msf1", "miaf"))).contains(ImageType.AVIF);
    }

    @Test
    void avifWinsWhereverItsBrandAppears() {
        assertThat(sniff(ftyp("mif1", "avif", "miaf"))).contains(ImageType.AVIF);
        assertThat(sniff(ftyp("heic", "mif1", "avif"))).contains(ImageType.AVIF);
    }

    @ParameterizedTest
    @ValueSource(strings = {"heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"})
    void heicByMajorBrand(String brand) {
        assertThat(sniff(ftyp(brand, "miaf"))).contains(ImageType.HEIC);
    }

    @Test
    void heicByCompatibleBrand() {
        assertThat(sniff(ftyp("miaf", "MiHE", "heic"))).contains(ImageType.HEIC);
    }

    @Test
    void otherIsoMediaIsNotAnImage() {
        assertThat(sniff(ftyp("isom", "iso2", "avc1", "mp41"))).isEmpty();
        assertThat(sniff(ftyp("qt  "))).isEmpty();
        assertThat(sniff(ftyp("M4A ", "mp42"))).isEmpty();
    }

    @Test
    void brandsBeyondTheFtypBoxDoNotCount() {
        // The trailing bytes of ftyp() spell "meta" and "avif" in the next box; they must not make an MP4 an AVIF.
        assertThat(sniff(ftyp("isom", "mp41"))).isEmpty();
    }

    @Test
    void theMinorVersionIsNotABrand() {
        byte[] box = concat(bytes(0, 0, 0, 20), ascii("ftyp"), ascii("isom"), ascii("avif"), ascii("mp41"));
        assertThat(sniff(box)).isEmpty();
    }

    @Test
    void ftypWithAnOddSizeStillYieldsItsMajorBrand() {
        assertThat(sniff(concat(bytes(0, 0, 0, 0), ascii("ftypavif")))).contains(ImageType.AVIF);
        assertThat(sniff(concat(bytes(0x7F, 0, 0, 0), ascii("ftypheic"), bytes(0, 0, 0, 0)))).contains(ImageType.HEIC);
        assertThat(sniff(concat(bytes(0, 0, 0, 24), ascii("ftyp")))).isEmpty();
    }

    // --- SVG

    @ParameterizedTest
    @ValueSource(strings = {
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
            "<svg>",
            "<svg/>",
            "<svg\nxmlns=\"http://www.w3.org/2000/svg\">",
            "<svg\txmlns=\"http://www.w3.org/2000/svg\">",
            "  \r\n\t<svg xmlns=\"http://www.w3.org/2000/svg\">",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><svg xmlns=\"http://www.w3.org/2000/svg\">",
            "<?xml version=\"1.0\" standalone=\"no\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
                    + "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg version=\"1.1\">",
            "<!-- Generator: Adobe Illustrator 27.0 -->\n<svg version=\"1.1\">",
            "<?xml version=\"1.0\"?>\n<!-- a -->\n<!-- b -- still b -->\n<svg>",
            "<!DOCTYPE svg>\n<svg>",
            "<!DOCTYPE svg [\n  <!ENTITY ns \"http://www.w3.org/2000/svg\">\n  <!ENTITY gt \">\">\n]>\n<svg xmlns=\"&ns;\">",
            "<!DOCTYPE svg SYSTEM \"odd>name.dtd\"><svg>",
            "<?xml version=\"1.0\"?><?xml-stylesheet href=\"style.css\" type=\"text/css\"?><svg>",
            "<!--<html>--><svg>"
    })
    void svgDocuments(String document) {
        assertThat(sniff(document)).contains(ImageType.SVG);
    }

    @Test
    void svgAfterAUtf8ByteOrderMark() {
        byte[] withBom = concat(bytes(0xEF, 0xBB, 0xBF), ascii("<?xml version=\"1.0\"?>\n<svg>"));
        assertThat(sniff(withBom)).contains(ImageType.SVG);
    }

    @Test
    void svgWithNonAsciiInItsComments() {
        assertThat(sniff("<!-- Zeichnung für Größe ✓ 😀 -->\n<svg>")).contains(ImageType.SVG);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<!DOCTYPE html><html><body><svg xmlns=\"http://www.w3.org/2000/svg\"></svg></body></html>",
            "<html><svg></svg></html>",
            "<!DOCTYPE html>\n<svg>",
            "<!doctype svg><svg>",
            "<!DOCTYPE svgfoo><svg>",
            "<!DOCTYPE svg><!DOCTYPE svg><svg>",
            "<SVG>",
            "<Svg>",
            "<svgx>",
            "<svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\">",
            "<svg",
            "< svg>",
            "text <svg>",
            "Here is an image: <svg></svg>",
            "<!-- never closed <svg>",
            "<?xml version=\"1.0\"<svg>",
            "<!DOCTYPE svg [ <!ENTITY x \"y\"> <svg>",
            "<?xml version=\"1.0\"?><rss><svg/></rss>",
            "<p><svg></svg></p>",
            "{\"svg\": \"<svg></svg>\"}",
            "\"<svg>\"",
            "svg",
            ""
    })
    void notSvg(String document) {
        assertThat(sniff(document)).isEmpty();
    }

    @Test
    void bomOnlyCountsAtTheVeryStart() {
        assertThat(sniff(concat(ascii(" "), bytes(0xEF, 0xBB, 0xBF), ascii("<svg>")))).isEmpty();
    }

    @Test
    void svgWhosePrologIsCutOffByTheHeadIsNotClaimed() {
        String longComment = "<!--" + "x".repeat(ImageSniffer.HEAD_BYTES) + "--><svg>";
        byte[] document = longComment.getBytes(StandardCharsets.US_ASCII);
        assertThat(ImageSniffer.sniff(document, ImageSniffer.HEAD_BYTES)).isEmpty();
        assertThat(ImageSniffer.sniff(document, document.length)).contains(ImageType.SVG);
    }

    // --- things that are not images

    @ParameterizedTest
    @ValueSource(strings = {
            "<!DOCTYPE html><html><head><title>404 Not Found</title></head></html>",
            "<html><body>Access denied</body></html>",
            "{\"error\": \"not found\"}",
            "[]",
            "Just some text.",
            "%PDF-1.7\n",
            "PK\u0003\u0004",
            "#!/bin/sh\nrm -rf /",
            "\n"
    })
    void commonNonImages(String body) {
        assertThat(sniff(body)).isEmpty();
    }

    @Test
    void emptyAndZeroLengthHeads() {
        assertThat(sniff(new byte[0])).isEmpty();
        assertThat(ImageSniffer.sniff(bytes(0xFF, 0xD8, 0xFF), 0)).isEmpty();
        assertThat(ImageSniffer.sniff(new byte[ImageSniffer.HEAD_BYTES], ImageSniffer.HEAD_BYTES)).isEmpty();
    }

    @Test
    void onlyTheFirstLengthBytesAreLookedAt() {
        byte[] buffer = Arrays.copyOf(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A), ImageSniffer.HEAD_BYTES);
        assertThat(ImageSniffer.sniff(buffer, 8)).contains(ImageType.PNG);
        assertThat(ImageSniffer.sniff(buffer, 7)).isEmpty();
    }

    @Test
    void hostileLengthsDoNotThrow() {
        byte[] jpeg = bytes(0xFF, 0xD8, 0xFF);
        assertThat(ImageSniffer.sniff(jpeg, -1)).isEmpty();
        assertThat(ImageSniffer.sniff(jpeg, Integer.MIN_VALUE)).isEmpty();
        assertThat(ImageSniffer.sniff(jpeg, 1_000_000)).contains(ImageType.JPEG);
        assertThat(ImageSniffer.sniff(bytes(0, 0, 0, 0x7F, 'f', 't', 'y', 'p'), Integer.MAX_VALUE)).isEmpty();
        assertThat(ImageSniffer.sniff(null, 10)).isEmpty();
    }

    @Test
    void aHeadCutShortAnywhereIsItsOwnTypeOrNothingNeverAnother() {
        Map<ImageType, byte[]> samples = Map.of(
                ImageType.BMP, bmp(40),
                ImageType.AVIF, ftyp("avif", "mif1"),
                ImageType.HEIC, ftyp("heic", "mif1"),
                ImageType.SVG, ascii("<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"b\">]><svg>"),
                ImageType.ICO, bytes(0, 0, 1, 0, 1, 0),
                ImageType.WEBP, concat(ascii("RIFF"), bytes(0, 0, 0, 0), ascii("WEBP")),
                ImageType.TIFF, bytes('M', 'M', 0, 42, 0, 0, 0, 8));
        samples.forEach((type, sample) -> {
            assertThat(ImageSniffer.sniff(sample, sample.length)).as("%s whole", type).contains(type);
            for (int n = 0; n < sample.length; n++) {
                assertThat(ImageSniffer.sniff(sample, n)).as("%s cut to %d bytes", type, n)
                        .satisfiesAnyOf(t -> assertThat(t).isEmpty(), t -> assertThat(t).contains(type));
            }
        });
    }

    @Test
    void anSvgWithALongPrologIsRecognisedFromTheHeadCallersRead() {
        // Editors write a comment, a DOCTYPE and entity declarations before the root: a few KB in the wild.
        String prolog = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- " + "Generator: an editor. ".repeat(100)
                + "-->\n<!DOCTYPE svg [\n" + "  <!ENTITY ns_x \"http://ns.example.com/Extensibility/1.0/\">\n".repeat(10)
                + "]>\n";
        byte[] document = (prolog + "<svg xmlns=\"http://www.w3.org/2000/svg\">" + " ".repeat(10_000) + "</svg>")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(prolog.length()).isGreaterThan(2_500);
        byte[] head = Arrays.copyOf(document, ImageSniffer.HEAD_BYTES);

        assertThat(ImageSniffer.sniff(head, head.length)).contains(ImageType.SVG);
    }
}
