package org.imagedownloader.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
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
            return verifier.verify(upload, image.length, ImageSniffer.sniff(image, image.length).orElseThrow());
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
    void aJpegWhoseColorProfileIsGarbageIsKept() throws Exception {
        // The JDK's reader ignores the profile with a warning, "Embedded color profile is invalid; ignored":
        // every pixel is there.
        assertThat(verify(jpegWithIccProfile(Images.encoded("jpeg", 120, 90), new byte[200]))).isNull();
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
    void anUploadThatCannotBeReadBackIsOurDiskFailingNotTheImage() {
        byte[] jpeg = Images.encoded("jpeg", 800, 600);

        assertThatThrownBy(() -> verifier.verify(failingAfter(jpeg, jpeg.length / 2, new IOException("Input/output error")),
                jpeg.length, ImageType.JPEG))
                .isInstanceOf(StorageException.class)
                .hasMessage("cannot read back an upload to decode it: Input/output error");
    }

    @Test
    void aReadBackInterruptedByAStopIsAStopNotARejection() {
        byte[] jpeg = Images.encoded("jpeg", 800, 600);

        // Said to be big, so that it goes through the cache on disk rather than in heap.
        assertThatThrownBy(() -> verifier.verify(failingAfter(jpeg, jpeg.length / 2, new ClosedByInterruptException()),
                UploadImageStream.IN_HEAP + 1, ImageType.JPEG)).isInstanceOf(InterruptedIOException.class);
    }

    @Test
    void aFormatWithoutADecoderIsKeptAndSaidToBeUnverified() throws Exception {
        byte[] ico = {0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 0, 0, 0, 0, 22, 0, 0, 0};

        assertThat(verify(ico)).isEqualTo("not verified: no decoder for ico");
    }

    /** The JPEG with an APP2 ICC_PROFILE segment (one chunk of one) holding these bytes as its profile. */
    private static byte[] jpegWithIccProfile(byte[] jpeg, byte[] profile) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int length = 2 + 12 + 2 + profile.length;
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE2, (byte) (length >> 8), (byte) length});
        out.writeBytes("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {1, 1});
        out.writeBytes(profile);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** An upload whose reads fail after its first bytes, as a failing disk's would, or a file channel's on a stop. */
    private static Upload failingAfter(byte[] image, int good, IOException failure) {
        return new Upload() {
            @Override
            public void write(byte[] bytes, int length) {
                throw new UnsupportedOperationException();
            }

            @Override
            public InputStream open() {
                return new SequenceInputStream(new ByteArrayInputStream(image, 0, good), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw failure;
                    }
                });
            }

            @Override
            public void close() {
            }
        };
    }
}
