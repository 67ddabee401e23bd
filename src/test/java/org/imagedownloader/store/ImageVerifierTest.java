package org.imagedownloader.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.imagedownloader.Images;
import org.imagedownloader.attempt.RejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageVerifierTest {

    @TempDir
    Path dir;

    private final ImageVerifier verifier = new ImageVerifier(SizeLimits.of(0, 0, 0, true));

    private String verify(byte[] image) throws Exception {
        try (TempFile upload = new TempFile(dir.resolve(".upload"))) {
            upload.write(image, image.length);
            return verifier.verify(upload, ImageSniffer.sniff(image, image.length).orElseThrow());
        }
    }

    @Test
    void anImageThatDecodesCleanlyPasses() throws Exception {
        assertThat(verify(Images.encoded("jpeg", 200, 100))).isNull();
        assertThat(verify(Images.encoded("gif", 20, 10))).isNull();
        assertThat(verify(Images.encoded("tiff", 20, 10))).isNull();
        assertThat(verify(Images.webp1x1())).isNull();
    }

    @Test
    void aJpegCutShortIsRefusedOnTheDecodersWarning() {
        assertThatThrownBy(() -> verify(Images.cut(Images.encoded("jpeg", 800, 600), 0.6)))
                .isInstanceOf(RejectedException.class)
                .hasMessage("could not decode: Truncated File - Missing EOI marker");
    }

    @Test
    void aPngCutShortIsRefused() {
        assertThatThrownBy(() -> verify(Images.cut(Images.encoded("png", 300, 200), 0.6)))
                .isInstanceOf(RejectedException.class)
                .hasMessageStartingWith("could not decode: ");
    }

    @Test
    void theDecodersOwnReadingOfTheSizeIsHeldToTheDefaultCap() {
        assertThatThrownBy(() -> verify(Images.blackPng(20_000, 10_000, 0)))
                .isInstanceOf(RejectedException.class)
                .hasMessage("too many pixels: 20000x10000 = 200000000 (maximum 100000000)");
    }

    @Test
    void aFormatWithoutADecoderIsKeptAndSaidToBeUnverified() throws Exception {
        byte[] ico = {0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 0, 0, 0, 0, 22, 0, 0, 0};

        assertThat(verify(ico)).isEqualTo("not verified: no decoder for ico");
    }
}
