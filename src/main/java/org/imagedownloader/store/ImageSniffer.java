package org.imagedownloader.store;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises an image by its first bytes, because servers often send the wrong Content-Type and an error page
 * served with 200 must not be saved as an image.
 */
public final class ImageSniffer {

    /** How many leading bytes callers should read; enough for every signature and for a long SVG prolog. */
    public static final int HEAD_BYTES = 4096;

    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] GIF87 = ascii("GIF87a");
    private static final byte[] GIF89 = ascii("GIF89a");
    private static final byte[] RIFF = ascii("RIFF");
    private static final byte[] WEBP = ascii("WEBP");
    private static final byte[] BM = ascii("BM");
    private static final byte[] TIFF_LE = {'I', 'I', '*', 0};
    private static final byte[] TIFF_BE = {'M', 'M', 0, '*'};
    private static final byte[] ICO = {0, 0, 1, 0};
    private static final byte[] FTYP = ascii("ftyp");

    /** The sizes of the DIB header variants real encoders write; anything else is text that happens to start "BM". */
    private static final Set<Long> BMP_DIB_SIZES = Set.of(12L, 40L, 52L, 56L, 64L, 108L, 124L);
    private static final Set<String> AVIF_BRANDS = Set.of("avif", "avis");
    private static final Set<String> HEIC_BRANDS = Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1");

    private ImageSniffer() {
    }

    /** The type whose signature {@code head[0..length)} starts with, or empty when it is not a recognised image. */
    public static Optional<ImageType> sniff(byte[] head, int length) {
        if (head == null) {
            return Optional.empty();
        }
        // Trust neither a length past the array nor a negative one: both would otherwise throw mid-download.
        int n = Math.max(0, Math.min(length, head.length));
        if (startsWith(head, n, JPEG)) {
            return Optional.of(ImageType.JPEG);
        }
        if (startsWith(head, n, PNG)) {
            return Optional.of(ImageType.PNG);
        }
        if (startsWith(head, n, GIF87) || startsWith(head, n, GIF89)) {
            return Optional.of(ImageType.GIF);
        }
        if (startsWith(head, n, RIFF) && matchesAt(head, n, 8, WEBP)) {
            return Optional.of(ImageType.WEBP);
        }
        if (isBmp(head, n)) {
            return Optional.of(ImageType.BMP);
        }
        if (startsWith(head, n, TIFF_LE) || startsWith(head, n, TIFF_BE)) {
            return Optional.of(ImageType.TIFF);
        }
        if (startsWith(head, n, ICO) && n >= 6 && littleEndian(head, 4, 2) > 0) {
            return Optional.of(ImageType.ICO);
        }
        if (matchesAt(head, n, 4, FTYP)) {
            return isoMediaType(head, n);
        }
        if (SvgProlog.startsSvg(new String(head, 0, n, StandardCharsets.ISO_8859_1))) {
            return Optional.of(ImageType.SVG);
        }
        return Optional.empty();
    }

    private static boolean isBmp(byte[] head, int n) {
        if (!startsWith(head, n, BM)) {
            return false;
        }
        // A head cut short before the DIB header cannot be checked further, so the magic alone has to do.
        return n < 18 || BMP_DIB_SIZES.contains(littleEndian(head, 14, 4));
    }

    /** AVIF and HEIC share the ISO-BMFF container; only the brands in its leading ftyp box tell them apart. */
    private static Optional<ImageType> isoMediaType(byte[] head, int n) {
        if (n < 12) {
            return Optional.empty();
        }
        long boxSize = bigEndian(head, 0, 4);
        // Size 0 means "to the end of the file"; an implausible size must not stop us reading the major brand.
        int end = boxSize >= 16 && boxSize <= n ? (int) boxSize : n;
        boolean heic = false;
        for (int offset = 8; offset + 4 <= end; offset += 4) {
            if (offset == 12) {
                continue; // minor version, not a brand
            }
            String brand = new String(head, offset, 4, StandardCharsets.ISO_8859_1);
            if (AVIF_BRANDS.contains(brand)) {
                return Optional.of(ImageType.AVIF);
            }
            heic |= HEIC_BRANDS.contains(brand);
        }
        return heic ? Optional.of(ImageType.HEIC) : Optional.empty();
    }

    private static boolean startsWith(byte[] head, int n, byte[] magic) {
        return matchesAt(head, n, 0, magic);
    }

    private static boolean matchesAt(byte[] head, int n, int offset, byte[] magic) {
        if (offset + magic.length > n) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[offset + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static long littleEndian(byte[] head, int offset, int size) {
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | (head[offset + i] & 0xFF);
        }
        return value;
    }

    private static long bigEndian(byte[] head, int offset, int size) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | (head[offset + i] & 0xFF);
        }
        return value;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Walks an XML prolog (declaration, comments, processing instructions, doctype) to its first element, so that
     * only a document whose root is {@code <svg} counts, never an HTML page that merely embeds one.
     */
    private static final class SvgProlog {
        private static final String BOM = "\u00EF\u00BB\u00BF"; // UTF-8 BOM bytes read as ISO-8859-1

        private final String text;
        private int pos;

        private SvgProlog(String text) {
            this.text = text;
            this.pos = text.startsWith(BOM) ? BOM.length() : 0;
        }

        static boolean startsSvg(String text) {
            return new SvgProlog(text).root();
        }

        private boolean root() {
            skipWhitespace();
            if (text.startsWith("<?xml", pos) && !skipPast("?>")) {
                return false;
            }
            boolean sawDoctype = false;
            while (true) {
                skipWhitespace();
                if (text.startsWith("<!--", pos)) {
                    if (!skipPast("-->")) {
                        return false;
                    }
                } else if (text.startsWith("<?", pos)) {
                    if (!skipPast("?>")) {
                        return false;
                    }
                } else if (text.startsWith("<!DOCTYPE", pos)) {
                    if (sawDoctype || !skipSvgDoctype()) {
                        return false;
                    }
                    sawDoctype = true;
                } else {
                    return text.startsWith("<svg", pos) && endsName(pos + 4);
                }
            }
        }

        /** A doctype naming another root (html, say) rules the document out before its first element is seen. */
        private boolean skipSvgDoctype() {
            pos += "<!DOCTYPE".length();
            if (!isWhitespaceAt(pos)) {
                return false;
            }
            skipWhitespace();
            if (!text.startsWith("svg", pos) || !(isWhitespaceAt(pos + 3) || charAt(pos + 3) == '>' || charAt(pos + 3) == '[')) {
                return false;
            }
            // The internal subset and quoted identifiers may contain '>', so the doctype ends only at a bare one.
            char quote = 0;
            boolean inSubset = false;
            for (; pos < text.length(); pos++) {
                char c = text.charAt(pos);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '[') {
                    inSubset = true;
                } else if (c == ']') {
                    inSubset = false;
                } else if (c == '>' && !inSubset) {
                    pos++;
                    return true;
                }
            }
            return false;
        }

        private boolean skipPast(String terminator) {
            int end = text.indexOf(terminator, pos);
            if (end < 0) {
                return false;
            }
            pos = end + terminator.length();
            return true;
        }

        private void skipWhitespace() {
            while (isWhitespaceAt(pos)) {
                pos++;
            }
        }

        private boolean endsName(int at) {
            char c = charAt(at);
            return isWhitespaceAt(at) || c == '>' || c == '/';
        }

        private boolean isWhitespaceAt(int at) {
            char c = charAt(at);
            return c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }

        private char charAt(int at) {
            return at < text.length() ? text.charAt(at) : 0;
        }
    }
}
