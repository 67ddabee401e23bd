package org.imagedownloader.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ImageTypeTest {

    /** The first bytes of a file of each type, as a server sends them. */
    private static byte[] head(ImageType type) {
        return switch (type) {
            case JPEG -> bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F');
            case PNG -> bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R');
            case GIF -> bytes('G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0);
            case WEBP -> bytes('R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ');
            case BMP -> Arrays.copyOf(bytes('B', 'M', 0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0, 40), 54);
            case TIFF -> bytes('I', 'I', 42, 0, 8, 0, 0, 0);
            case ICO -> bytes(0, 0, 1, 0, 1, 0, 16, 16, 0, 0);
            case AVIF -> ftyp("avif");
            case HEIC -> ftyp("heic");
            case SVG -> "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
                    .getBytes(StandardCharsets.UTF_8);
        };
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** An ISO-BMFF ftyp box with this major brand and mif1 as the compatible one. */
    private static byte[] ftyp(String brand) {
        byte[] box = Arrays.copyOf(bytes(0, 0, 0, 20, 'f', 't', 'y', 'p'), 20);
        System.arraycopy(brand.getBytes(StandardCharsets.US_ASCII), 0, box, 8, 4);
        System.arraycopy("mif1".getBytes(StandardCharsets.US_ASCII), 0, box, 16, 4);
        return box;
    }

    @ParameterizedTest
    @CsvSource({
            "JPEG, photo.jpg",
            "PNG, photo.png",
            "GIF, photo.gif",
            "WEBP, photo.webp",
            "BMP, photo.bmp",
            "TIFF, photo.tif",
            "ICO, photo.ico",
            "AVIF, photo.avif",
            "HEIC, photo.heic",
            "SVG, photo.svg"
    })
    void aFileIsSniffedAsItsTypeAndNamedWithItsExtension(ImageType type, String named) {
        byte[] head = head(type);
        ImageType sniffed = ImageSniffer.sniff(head, head.length).orElseThrow();

        assertThat(sniffed).isEqualTo(type);
        assertThat(FileNamer.withType("photo", sniffed)).isEqualTo(named);
    }

    @ParameterizedTest
    @EnumSource(ImageType.class)
    void theExtensionAFileIsGivenNamesItsTypeAgainAndNoOther(ImageType type) {
        String named = FileNamer.withType("photo", type);
        String extension = named.substring(named.lastIndexOf('.') + 1);

        // Saved again, the file keeps its name instead of becoming photo.jpg.jpg.
        assertThat(FileNamer.withType(named, type)).isEqualTo(named);
        assertThat(Arrays.stream(ImageType.values()).filter(t -> t.hasExtension(extension))).containsExactly(type);
    }

    @Test
    void extensionsAreDistinctLowerCaseAndDotless() {
        assertThat(Arrays.stream(ImageType.values()).map(ImageType::extension))
                .doesNotHaveDuplicates()
                .allSatisfy(ext -> assertThat(ext).matches("[a-z]+"));
    }

    @ParameterizedTest
    @CsvSource({
            "JPEG, jpeg", "JPEG, jpe", "JPEG, jfif", "JPEG, JPG", "JPEG, Jpeg", "JPEG, JFIF",
            "TIFF, tiff", "TIFF, TIF",
            "HEIC, heif", "HEIC, HEIF",
            "PNG, PNG", "SVG, SVG", "ICO, Ico"
    })
    void acceptsAliasesInAnyCase(ImageType type, String ext) {
        assertThat(type.hasExtension(ext)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "SVG, svgz", "ICO, cur", "JPEG, png", "JPEG, .jpg", "JPEG, 'jpg '", "JPEG, ''",
            "PNG, apng", "TIFF, tiff2", "HEIC, avif", "AVIF, heic", "WEBP, web", "GIF, gif.exe"
    })
    void refusesOtherExtensions(ImageType type, String ext) {
        assertThat(type.hasExtension(ext)).isFalse();
    }

    @Test
    void nullExtensionIsNotAMatch() {
        assertThat(ImageType.JPEG.hasExtension(null)).isFalse();
    }

    @Test
    void caseFoldingIgnoresTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            // In Turkish, "TIF".toLowerCase() would give a dotless i and miss the match.
            Locale.setDefault(Locale.forLanguageTag("tr"));
            assertThat(ImageType.TIFF.hasExtension("TIF")).isTrue();
            assertThat(ImageType.HEIC.hasExtension("HEIF")).isTrue();
        } finally {
            Locale.setDefault(saved);
        }
    }
}
