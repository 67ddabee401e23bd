package org.imagedownloader.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageTypeTest {

    @ParameterizedTest
    @CsvSource({
            "JPEG, jpg, image/jpeg",
            "PNG, png, image/png",
            "GIF, gif, image/gif",
            "WEBP, webp, image/webp",
            "BMP, bmp, image/bmp",
            "TIFF, tif, image/tiff",
            "ICO, ico, image/x-icon",
            "AVIF, avif, image/avif",
            "HEIC, heic, image/heic",
            "SVG, svg, image/svg+xml"
    })
    void canonicalExtensionAndMimeType(ImageType type, String extension, String mimeType) {
        assertThat(type.extension()).isEqualTo(extension);
        assertThat(type.mimeType()).isEqualTo(mimeType);
        assertThat(type.hasExtension(extension)).isTrue();
    }

    @Test
    void coversExactlyTheTenFormats() {
        assertThat(ImageType.values()).containsExactly(ImageType.JPEG, ImageType.PNG, ImageType.GIF, ImageType.WEBP,
                ImageType.BMP, ImageType.TIFF, ImageType.ICO, ImageType.AVIF, ImageType.HEIC, ImageType.SVG);
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
    void noAliasBelongsToTwoTypes() {
        for (ImageType type : ImageType.values()) {
            for (ImageType other : ImageType.values()) {
                if (other != type) {
                    assertThat(other.hasExtension(type.extension())).as("%s claims %s", other, type.extension()).isFalse();
                }
            }
        }
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
