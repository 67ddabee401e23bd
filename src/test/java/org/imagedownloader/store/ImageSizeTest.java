package org.imagedownloader.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imagedownloader.store.Bytes.ascii;
import static org.imagedownloader.store.Bytes.bytes;
import static org.imagedownloader.store.Bytes.concat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.imagedownloader.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageSizeTest {

    /** How the bytes arrive: the saver's head and 64 KB chunks, one byte at a time, and a few odd sizes. */
    private static final List<int[]> CHUNKINGS = List.of(
            new int[] {ImageSniffer.HEAD_BYTES, 64 * 1024}, new int[] {1}, new int[] {3, 7, 13});

    /** The size read from the image fed in chunks of the given sizes (the last repeated), or "unknown". */
    private static String size(byte[] image, int[] chunks) {
        ImageSize size = new ImageSize(ImageSniffer.sniff(image, image.length).orElseThrow());
        int fed = 0;
        for (int i = 0; fed < image.length; i++) {
            int n = Math.min(chunks[Math.min(i, chunks.length - 1)], image.length - fed);
            byte[] chunk = Arrays.copyOfRange(image, fed, fed + n);
            size.feed(chunk, n);
            fed += n;
        }
        return size.known() ? size.width() + "x" + size.height() : "unknown";
    }

    static Stream<Arguments> encodedImages() {
        return Stream.of("jpeg", "png", "gif", "bmp", "tiff").flatMap(format -> CHUNKINGS.stream().map(chunks ->
                Arguments.of(format, chunks)));
    }

    @ParameterizedTest
    @MethodSource("encodedImages")
    void theSizeOfAnImageIsWhatItsEncoderWrote(String format, int[] chunks) {
        assertThat(size(Images.encoded(format, 120, 90), chunks)).isEqualTo("120x90");
        assertThat(size(Images.encoded(format, 1, 300), chunks)).isEqualTo("1x300");
    }

    @Test
    void aJpegFrameHeaderBeyondTheFirst64KilobytesIsFound() {
        byte[] jpeg = Images.jpegWithAppSegments(640, 480, 150_000);

        for (int[] chunks : CHUNKINGS) {
            assertThat(size(jpeg, chunks)).isEqualTo("640x480");
        }
    }

    @Test
    void fillBytesBeforeJpegMarkersAreSkippedAsDecodersSkipThem() throws Exception {
        byte[] jpeg = Images.encoded("jpeg", 120, 90);
        int afterApp0 = 4 + ((jpeg[4] & 0xFF) << 8 | jpeg[5] & 0xFF);
        int frame = indexOf(jpeg, bytes(0xFF, 0xC0));
        List<byte[]> filled = List.of(fill(jpeg, 2, 1), fill(jpeg, 2, 5), fill(jpeg, afterApp0, 3), fill(jpeg, frame, 2),
                fill(fill(jpeg, frame, 1), 2, 1));

        for (byte[] image : filled) {
            assertThat(ImageIO.read(new ByteArrayInputStream(image)).getWidth()).isEqualTo(120);
            for (int[] chunks : CHUNKINGS) {
                assertThat(size(image, chunks)).isEqualTo("120x90");
            }
        }
    }

    @Test
    void aPngLargerThanTheFirstReadIsSizedFromItsHeader() {
        byte[] png = Images.encoded("png", 800, 600);

        assertThat(png.length).isGreaterThan(ImageSniffer.HEAD_BYTES + 64 * 1024);
        assertThat(size(png, CHUNKINGS.get(0))).isEqualTo("800x600");
    }

    @Test
    void theSizeIsKnownAsSoonAsTheHeaderHasPassed() {
        byte[] png = Images.encoded("png", 800, 600);
        ImageSize size = new ImageSize(ImageType.PNG);

        assertThat(size.feed(png, 23)).isFalse();
        assertThat(size.feed(Arrays.copyOfRange(png, 23, 24), 1)).isTrue();
        assertThat(size.width()).isEqualTo(800);
    }

    @Test
    void lossyLosslessAndExtendedWebpHeadersAreRead() {
        // VP8: a key frame's tag, the start code, then 14-bit width and height (the top two bits scale).
        byte[] vp8 = riff("VP8 ", bytes(0x50, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02 | 0x40, 0xE0, 0x01, 0, 0));
        // VP8X: flags, then canvas width and height less one, 24 bits each.
        byte[] vp8x = riff("VP8X", bytes(0x10, 0, 0, 0, 0x3F, 0x1F, 0x00, 0xDF, 0x0F, 0x00));

        assertThat(size(vp8, new int[] {1})).isEqualTo("640x480");
        assertThat(size(vp8x, new int[] {1})).isEqualTo("8000x4064");
        assertThat(size(Images.webp1x1(), new int[] {1})).isEqualTo("1x1");
    }

    @Test
    void anIconIsAsLargeAsItsLargestImage() {
        byte[] ico = concat(bytes(0, 0, 1, 0, 3, 0),
                entry(16, 16), entry(0, 0), entry(48, 48), new byte[64]);

        assertThat(size(ico, new int[] {5})).isEqualTo("256x256");
    }

    @Test
    void aTiffWhoseDirectoryFollowsItsPixelsIsSizedWhenTheStreamGetsThere() {
        // Little-endian, the first IFD at 8 + 200000 after the pixel bytes: ImageWidth SHORT 3000, ImageLength LONG 2000.
        int ifd = 8 + 200_000;
        byte[] tiff = concat(bytes('I', 'I', 42, 0), le32(ifd), new byte[200_000],
                bytes(2, 0), bytes(0, 1, 3, 0, 1, 0, 0, 0), bytes(0xB8, 0x0B, 0, 0),
                bytes(1, 1, 4, 0, 1, 0, 0, 0), le32(2000), le32(0));

        assertThat(size(tiff, CHUNKINGS.get(0))).isEqualTo("3000x2000");
    }

    @Test
    void aHeifImageIsTheLargestExtentAmongItsPropertiesPastBoxesOfAnySize() {
        byte[] ispeThumb = box("ispe", concat(new byte[4], be32(320), be32(240)));
        byte[] ispeImage = box("ispe", concat(new byte[4], be32(4032), be32(3024)));
        byte[] colr = box("colr", new byte[3000]);
        byte[] ipco = box("ipco", concat(colr, ispeThumb, ispeImage));
        byte[] meta = box("meta", concat(new byte[4], box("hdlr", new byte[25]), box("iprp", concat(ipco, box("ipma", new byte[12])))));
        // A free box with a 64-bit size ahead of meta.
        byte[] free = concat(be32(1), ascii("free"), new byte[] {0, 0, 0, 0, 0, 0, 0x27, 0x10}, new byte[10_000 - 16]);
        byte[] heic = concat(box("ftyp", concat(ascii("heic"), new byte[4], ascii("mif1heic"))), free, meta,
                box("mdat", new byte[5000]));
        byte[] avif = concat(box("ftyp", concat(ascii("avif"), new byte[4], ascii("mif1avif"))), meta);

        for (int[] chunks : CHUNKINGS) {
            assertThat(size(heic, chunks)).isEqualTo("4032x3024");
            assertThat(size(avif, chunks)).isEqualTo("4032x3024");
        }
    }

    @Test
    void damagedHeadersAndSvgLeaveTheSizeUnknown() {
        byte[] png = Images.encoded("png", 10, 10);
        png[12] = 'X'; // the first chunk is no longer IHDR
        byte[] jpeg = Images.encoded("jpeg", 10, 10);
        byte[] noFrame = concat(Arrays.copyOf(jpeg, 2), bytes(0xFF, 0xDA, 0, 8), new byte[100]);
        byte[] tiffPointingBack = concat(bytes('M', 'M', 0, 42), be32(4), new byte[100]);
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>".getBytes(StandardCharsets.UTF_8);

        for (byte[] image : List.of(png, noFrame, tiffPointingBack, svg)) {
            assertThat(size(image, new int[] {ImageSniffer.HEAD_BYTES})).isEqualTo("unknown");
        }
    }

    /** The image with this many 0xFF fill bytes inserted at the offset, where a marker starts. */
    private static byte[] fill(byte[] image, int offset, int count) {
        byte[] fill = new byte[count];
        Arrays.fill(fill, (byte) 0xFF);
        return concat(Arrays.copyOf(image, offset), fill, Arrays.copyOfRange(image, offset, image.length));
    }

    private static int indexOf(byte[] image, byte[] what) {
        for (int i = 0; i + what.length <= image.length; i++) {
            if (Arrays.equals(image, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }

    private static byte[] riff(String chunk, byte[] payload) {
        return concat(ascii("RIFF"), le32(4 + 8 + payload.length), ascii("WEBP"), ascii(chunk), le32(payload.length), payload);
    }

    private static byte[] entry(int width, int height) {
        return concat(bytes(width, height, 0, 0, 1, 0, 32, 0), le32(64), le32(22));
    }

    private static byte[] box(String type, byte[] payload) {
        return concat(be32(8 + payload.length), ascii(type), payload);
    }

    private static byte[] le32(int v) {
        return bytes(v & 0xFF, v >> 8 & 0xFF, v >> 16 & 0xFF, v >>> 24);
    }

    private static byte[] be32(int v) {
        return bytes(v >>> 24, v >> 16 & 0xFF, v >> 8 & 0xFF, v & 0xFF);
    }
}
