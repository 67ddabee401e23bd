package org.imagedownloader.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentTypeFilterTest {

    private final ContentTypeFilter images = new ContentTypeFilter("image/*");

    @ParameterizedTest
    @ValueSource(strings = {
            "image/jpeg",
            "image/png",
            "image/svg+xml",
            "image/x-icon",
            "image/vnd.microsoft.icon",
            "IMAGE/JPEG",
            "Image/Png",
            "image/jpeg; charset=binary",
            "image/jpeg;q=0.9",
            "  image/webp  ",
            "image/avif ; foo=bar"
    })
    void imageWildcardAcceptsImages(String header) {
        assertThat(images.accepts(header)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "text/html",
            "text/html; charset=utf-8",
            "application/json",
            "application/octet-stream",
            "application/xml",
            "video/mp4",
            "images/png",
            "imagex/png",
            "image",
            "image/",
            "/png",
            "image/png/extra",
            ";image/png",
            "text/plain; note=image/png",
            "*/*"
    })
    void imageWildcardRefusesEverythingElse(String header) {
        assertThat(images.accepts(header)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t", ";", " ; charset=utf-8"})
    void missingOrBlankHeaderIsRefused(String header) {
        assertThat(images.accepts(header)).isFalse();
        assertThat(new ContentTypeFilter("*/*").accepts(header)).isFalse();
    }

    @Test
    void listOfPatterns() {
        ContentTypeFilter filter = new ContentTypeFilter("image/*, application/octet-stream");
        assertThat(filter.accepts("image/gif")).isTrue();
        assertThat(filter.accepts("application/octet-stream")).isTrue();
        assertThat(filter.accepts("Application/Octet-Stream; name=x.jpg")).isTrue();
        assertThat(filter.accepts("application/json")).isFalse();
        assertThat(filter.accepts("text/html")).isFalse();
    }

    @Test
    void exactPatterns() {
        ContentTypeFilter filter = new ContentTypeFilter("image/png,image/jpeg");
        assertThat(filter.accepts("image/png")).isTrue();
        assertThat(filter.accepts("image/jpeg; q=1")).isTrue();
        assertThat(filter.accepts("image/gif")).isFalse();
        assertThat(filter.accepts("image/pngx")).isFalse();
    }

    @Test
    void anyWildcardAcceptsAnyMediaType() {
        ContentTypeFilter filter = new ContentTypeFilter("*/*");
        assertThat(filter.accepts("text/html")).isTrue();
        assertThat(filter.accepts("application/x-whatever")).isTrue();
        assertThat(filter.accepts("garbage")).isFalse();
    }

    @Test
    void patternsAreNormalised() {
        ContentTypeFilter filter = new ContentTypeFilter(" IMAGE/* ,, Application/Octet-Stream;q=0.5 ,");
        assertThat(filter).hasToString("image/*, application/octet-stream");
        assertThat(filter.accepts("image/png")).isTrue();
        assertThat(filter.accepts("application/octet-stream")).isTrue();
    }

    @Test
    void toStringListsThePatterns() {
        assertThat(images).hasToString("image/*");
        assertThat(new ContentTypeFilter("image/*, application/octet-stream"))
                .hasToString("image/*, application/octet-stream");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", " , ,"})
    void anEmptyAcceptListIsAConfigurationError(String acceptList) {
        assertThatThrownBy(() -> new ContentTypeFilter(acceptList))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no media type");
    }

    @ParameterizedTest
    @ValueSource(strings = {"image", "image/*, png", "/png", "image/", "image/png/x", "*"})
    void aMalformedPatternIsAConfigurationError(String acceptList) {
        assertThatThrownBy(() -> new ContentTypeFilter(acceptList))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a media type pattern");
    }
}
