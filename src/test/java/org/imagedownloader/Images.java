package org.imagedownloader;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/**
 * Test bodies that start like images: random bytes after the magic, or real images written by an encoder
 * (ImageIO's), or by hand to the format's specification where no encoder is at hand.
 */
public final class Images {

    private Images() {
    }

    /** A JPEG of about {@code size} bytes (up to 5,000 more) made from a path: the same for the same path. */
    static byte[] forPath(String path, int size) {
        return jpeg(size + Math.floorMod(path.hashCode(), 5000), path.hashCode());
    }

    static byte[] jpeg(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
        b[2] = (byte) 0xFF;
        b[3] = (byte) 0xE0;
        return b;
    }

    static byte[] png(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        System.arraycopy(magic, 0, b, 0, magic.length);
        return b;
    }

    /** A real image of this size in an ImageIO format (jpeg, png, gif, bmp, tiff), noisy enough not to compress to nothing. */
    public static byte[] encoded(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(width * 31L + height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | random.nextInt(64));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalArgumentException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A real JPEG with APP2 segments of this many bytes in all right after its start (as a big ICC profile
     * would be), so its frame header lies that far into the file.
     */
    public static byte[] jpegWithAppSegments(int width, int height, int appBytes) {
        byte[] jpeg = encoded("jpeg", width, height);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        for (int left = appBytes; left > 0; ) {
            int payload = Math.min(left, 65_000);
            out.write(0xFF);
            out.write(0xE2);
            out.write((payload + 2) >> 8);
            out.write((payload + 2) & 0xFF);
            byte[] filler = new byte[payload];
            Arrays.fill(filler, (byte) 0xFF); // marker bytes inside a segment must not be taken for markers
            out.writeBytes(filler);
            left -= payload;
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /**
     * A PNG of this size, RGB, all black, written row by row: a few hundred kilobytes however many pixels it
     * declares. With rows = 0 it holds only its header and an empty data stream, as a decompression bomb
     * that is cut short would.
     */
    public static byte[] blackPng(int width, int height, int rows) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(data)) {
            byte[] row = new byte[1 + 3 * width];
            for (int y = 0; y < rows; y++) {
                z.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(ihdr)) {
            d.writeInt(width);
            d.writeInt(height);
            d.write(new byte[] {8, 2, 0, 0, 0}); // 8 bits, RGB, deflate, no filter method, no interlace
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pngChunk(out, "IHDR", ihdr.toByteArray());
        pngChunk(out, "IDAT", data.toByteArray());
        pngChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void pngChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(bigEndian(data.length));
        out.writeBytes(name);
        out.writeBytes(data);
        out.writeBytes(bigEndian((int) crc.getValue()));
    }

    private static byte[] bigEndian(int value) {
        return new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value};
    }

    /**
     * A real TIFF, 8-bit grey, uncompressed, whose directory (its size among it) comes after its pixels and
     * this many bytes more: a reader knows its size only once it has read that far.
     */
    public static byte[] tiffWithDirectoryLast(int width, int height, int padding) {
        int pixels = width * height;
        int directory = (8 + pixels + padding + 1) & ~1; // word aligned
        ByteBuffer b = ByteBuffer.allocate(directory + 2 + 9 * 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'I', 'I', 42, 0}).putInt(directory);
        for (int i = 0; i < pixels; i++) {
            b.put((byte) (i * 7));
        }
        b.position(directory).putShort((short) 9);
        tiffEntry(b, 256, 4, width); // ImageWidth
        tiffEntry(b, 257, 4, height); // ImageLength
        tiffEntry(b, 258, 3, 8); // BitsPerSample
        tiffEntry(b, 259, 3, 1); // Compression: none
        tiffEntry(b, 262, 3, 1); // PhotometricInterpretation: black is zero
        tiffEntry(b, 273, 4, 8); // StripOffsets
        tiffEntry(b, 277, 3, 1); // SamplesPerPixel
        tiffEntry(b, 278, 4, height); // RowsPerStrip
        tiffEntry(b, 279, 4, pixels); // StripByteCounts
        b.putInt(0); // no next directory
        return b.array();
    }

    private static void tiffEntry(ByteBuffer b, int tag, int type, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(1);
        if (type == 3) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
    }

    /** A PNG whose compressed image data is damaged in its middle (its chunk CRC left as it was). */
    public static byte[] corruptPngData(byte[] png) {
        byte[] b = png.clone();
        int idat = indexOf(b, "IDAT".getBytes(StandardCharsets.US_ASCII));
        int length = (b[idat - 4] & 0xFF) << 24 | (b[idat - 3] & 0xFF) << 16 | (b[idat - 2] & 0xFF) << 8 | (b[idat - 1] & 0xFF);
        for (int i = idat + 4 + length / 2; i < idat + 4 + length / 2 + 64; i++) {
            b[i] ^= 0x5A;
        }
        return b;
    }

    /** The first part of an image, as a server that stopped sending would leave it. */
    public static byte[] cut(byte[] image, double fraction) {
        return Arrays.copyOf(image, (int) (image.length * fraction));
    }

    /** A 1x1 lossless WebP (VP8L), the smallest there is; it decodes to one transparent pixel. */
    public static byte[] webp1x1() {
        int[] v = {'R', 'I', 'F', 'F', 0x1A, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L', 0x0D, 0, 0, 0,
                0x2F, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xFE, 0x07, 0};
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static int indexOf(byte[] b, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= b.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
