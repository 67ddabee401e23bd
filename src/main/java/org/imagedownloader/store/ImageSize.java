package org.imagedownloader.store;

/**
 * The pixel size an image's own header declares, read from its bytes as they stream by (a
 * {@link HeaderWalk}): where each format keeps it. A header that sits far into the file (a JPEG's SOF
 * after EXIF and ICC segments of any size, a TIFF's first IFD) is found wherever the stream reaches it.
 * A header that does not add up, or a format without a pixel size (SVG), leaves the size unknown.
 */
final class ImageSize extends HeaderWalk {

    private enum Step { FIRST, JPEG_MARKER, JPEG_SOF, ICO_ENTRY, TIFF_IFD, TIFF_ENTRY, BOX, BOX_LARGE, ISPE }

    /** ISO-BMFF boxes walked into, outermost first: the item properties (ispe among them) sit in meta/iprp/ipco. */
    private static final String[] BOX_PATH = {"meta", "iprp", "ipco"};

    private final ImageType type;
    private Step step = Step.FIRST;

    /** The walk's place: a JPEG segment or ISO box start, an ICO or TIFF entry number, a TIFF's byte order. */
    private long mark;
    private int index;
    private int count;
    private boolean littleEndian;
    private long boxType;
    /** The largest of several sizes (ICO entries, ispe properties), and the ends of the boxes walked into. */
    private long bestWidth;
    private long bestHeight;
    private final long[] boxEnds = new long[BOX_PATH.length];
    private int depth;

    ImageSize(ImageType type) {
        super(18); // the longest take: a WebP chunk's code, size and frame header
        this.type = type;
        begin();
    }

    @Override
    void next() {
        switch (step) {
            case FIRST -> first();
            case JPEG_MARKER -> jpegMarker();
            case JPEG_SOF -> found(bigEndian(3, 2), bigEndian(1, 2));
            case ICO_ENTRY -> icoEntry();
            case TIFF_IFD -> tiffIfd();
            case TIFF_ENTRY -> tiffEntry();
            case BOX -> box(u32(0), 8);
            case BOX_LARGE -> box(bigEndian(0, 8), 16);
            case ISPE -> ispe();
        }
    }

    /** Where the format keeps its size, or the first step of the walk to it. */
    private void begin() {
        switch (type) {
            case JPEG -> jpegSegmentAt(2);
            case PNG -> take(12, 12);
            case GIF -> take(6, 4);
            case BMP -> take(14, 12);
            case ICO -> take(4, 2);
            // The first chunk's code and size, and its header: VP8, VP8L and VP8X each keep the size apart.
            case WEBP -> take(12, 18);
            case TIFF -> take(0, 8);
            case AVIF, HEIC -> boxAt(0);
            default -> unknown();
        }
    }

    private void first() {
        switch (type) {
            case PNG -> {
                if (got[0] == 'I' && got[1] == 'H' && got[2] == 'D' && got[3] == 'R') {
                    found(bigEndian(4, 4), bigEndian(8, 4));
                } else {
                    unknown();
                }
            }
            case GIF -> found(littleEndian(0, 2), littleEndian(2, 2));
            case BMP -> bmp();
            case ICO -> {
                count = (int) littleEndian(0, 2);
                icoEntryAt(0);
            }
            case WEBP -> webp();
            case TIFF -> {
                littleEndian = got[0] == 'I';
                step = Step.TIFF_IFD;
                take(u32(4), 2);
            }
            default -> unknown();
        }
    }

    private void jpegSegmentAt(long offset) {
        step = Step.JPEG_MARKER;
        mark = offset;
        take(offset, 4);
    }

    /** A marker and its segment's length: SOF holds the size; any other segment is skipped whole. */
    private void jpegMarker() {
        int marker = got[1] & 0xFF;
        if ((got[0] & 0xFF) != 0xFF) {
            unknown();
        } else if (marker == 0xFF) {
            jpegSegmentAt(mark + 1); // a fill byte before the marker
        } else if (isSof(marker)) {
            step = Step.JPEG_SOF;
            take(mark + 4, 5);
        } else if (marker == 0xDA || marker == 0xD9 || bigEndian(2, 2) < 2) {
            unknown(); // image data or the end before any frame header
        } else {
            jpegSegmentAt(mark + 2 + bigEndian(2, 2));
        }
    }

    /** SOF0 to SOF15, less DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isSof(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /** A BITMAPCOREHEADER (12 bytes) has 16-bit sizes; the others 32-bit, a negative height meaning top-down. */
    private void bmp() {
        if (littleEndian(0, 4) == 12) {
            found(littleEndian(4, 2), littleEndian(6, 2));
        } else {
            found((int) littleEndian(4, 4), Math.abs((long) (int) littleEndian(8, 4)));
        }
    }

    private void icoEntryAt(int i) {
        if (i >= count) {
            found(bestWidth, bestHeight);
            return;
        }
        index = i;
        step = Step.ICO_ENTRY;
        take(6 + 16L * i, 2);
    }

    /** An icon holds several images; the largest is the one it is shown at. A 0 stands for 256. */
    private void icoEntry() {
        best(got[0] == 0 ? 256 : got[0] & 0xFF, got[1] == 0 ? 256 : got[1] & 0xFF);
        icoEntryAt(index + 1);
    }

    /** Lossy VP8 after its start code, 14 bits each; VP8L after its signature, 14 bits each less one; VP8X 24 bits less one. */
    private void webp() {
        long chunk = bigEndian(0, 4);
        if (chunk == fourCc("VP8 ") && (got[11] & 0xFF) == 0x9D && got[12] == 0x01 && got[13] == 0x2A) {
            found(littleEndian(14, 2) & 0x3FFF, littleEndian(16, 2) & 0x3FFF);
        } else if (chunk == fourCc("VP8L") && got[8] == 0x2F) {
            long bits = littleEndian(9, 4);
            found((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
        } else if (chunk == fourCc("VP8X")) {
            found(littleEndian(12, 3) + 1, littleEndian(15, 3) + 1);
        } else {
            unknown();
        }
    }

    private void tiffIfd() {
        count = (int) u16(0);
        index = 0;
        mark = takenFrom() + 2;
        tiffEntryAt();
    }

    private void tiffEntryAt() {
        if (index >= count) {
            found(bestWidth, bestHeight);
            return;
        }
        step = Step.TIFF_ENTRY;
        take(mark + 12L * index, 12);
    }

    /** Entries come sorted by tag: ImageWidth (256), then ImageLength (257), as a SHORT or a LONG. */
    private void tiffEntry() {
        int tag = (int) u16(0);
        int kind = (int) u16(2);
        long value = kind == 3 ? u16(8) : kind == 4 ? u32(8) : -1;
        if (tag == 256) {
            bestWidth = value;
        } else if (tag == 257) {
            bestHeight = value;
        }
        if (tag >= 257) {
            found(bestWidth, bestHeight);
        } else {
            index++;
            tiffEntryAt();
        }
    }

    private void boxAt(long offset) {
        while (depth > 0 && offset >= boxEnds[depth - 1]) {
            if (depth == BOX_PATH.length) {
                found(bestWidth, bestHeight); // every property of ipco seen
                return;
            }
            depth--;
        }
        mark = offset;
        step = Step.BOX;
        take(offset, 8);
    }

    /** A box of the given size (0: to the end of the file) whose header is headerLength bytes. */
    private void box(long size, int headerLength) {
        if (size == 1 && step == Step.BOX) {
            boxType = u32(4);
            step = Step.BOX_LARGE;
            take(mark + 8, 8);
            return;
        }
        long code = step == Step.BOX ? u32(4) : boxType;
        long end = size == 0 ? Long.MAX_VALUE : mark + size;
        if (size != 0 && size < headerLength || depth > 0 && end > boxEnds[depth - 1]) {
            unknown();
        } else if (depth < BOX_PATH.length && code == fourCc(BOX_PATH[depth])) {
            boxEnds[depth] = end;
            depth++;
            // meta is a full box: a version and flags come before its children.
            boxAt(mark + headerLength + (depth == 1 ? 4 : 0));
        } else if (depth == BOX_PATH.length && code == fourCc("ispe")) {
            long extent = mark + headerLength + 4; // after the full box's version and flags
            step = Step.ISPE;
            mark = end;
            take(extent, 8);
        } else {
            boxAt(end);
        }
    }

    /** An image spatial extent: images in a grid, thumbnails and the whole each have one; the largest is the image. */
    private void ispe() {
        best(u32(0), u32(4));
        boxAt(mark);
    }

    private void best(long w, long h) {
        if (w * h > bestWidth * bestHeight) {
            bestWidth = w;
            bestHeight = h;
        }
    }

    private static long fourCc(String code) {
        return ((long) code.charAt(0) << 24) | (code.charAt(1) << 16) | (code.charAt(2) << 8) | code.charAt(3);
    }

    private long u16(int offset) {
        return littleEndian ? littleEndian(offset, 2) : bigEndian(offset, 2);
    }

    private long u32(int offset) {
        return littleEndian ? littleEndian(offset, 4) : bigEndian(offset, 4);
    }
}
