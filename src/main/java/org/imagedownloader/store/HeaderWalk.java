package org.imagedownloader.store;

/**
 * A walk through a header as its bytes stream by: "skip to an offset, take a few bytes there", then the
 * walk decides where to go next, until it has found a width and height or given up. Nothing is read
 * twice and nothing is kept but the few bytes taken; a walk that would have to go back further than
 * those gives up.
 */
abstract class HeaderWalk {

    /** The bytes taken last. */
    final byte[] got;
    private int wanted;
    private int taken;
    /** Stream offset of the next byte fed, and of the first byte to take. */
    private long at;
    private long from;
    private boolean done;
    private int width = -1;
    private int height = -1;

    HeaderWalk(int mostTaken) {
        this.got = new byte[mostTaken];
    }

    /** The bytes asked for have been taken into {@link #got}: the walk moves on. */
    abstract void next();

    /** Takes the next n bytes of the image; returns true when this call ended the walk (size found or not). */
    boolean feed(byte[] buf, int n) {
        if (done) {
            return false;
        }
        int i = 0;
        while (!done && i < n) {
            if (at < from) {
                int skip = (int) Math.min(from - at, n - i);
                at += skip;
                i += skip;
                continue;
            }
            int copy = Math.min(wanted - taken, n - i);
            System.arraycopy(buf, i, got, taken, copy);
            taken += copy;
            i += copy;
            at += copy;
            while (!done && taken == wanted) {
                next();
            }
        }
        return done;
    }

    boolean known() {
        return width > 0;
    }

    /** Width in pixels, or -1 when unknown. */
    int width() {
        return width;
    }

    /** Height in pixels, or -1 when unknown. */
    int height() {
        return height;
    }

    /**
     * Asks for n bytes from the given offset on: one not yet reached, or one inside the bytes taken last
     * (a JPEG fill byte moves a marker on by one), whose bytes are kept and the rest awaited.
     */
    final void take(long offset, int n) {
        if (offset < at && (offset < from || at - from != taken)) {
            unknown();
            return;
        }
        int kept = 0;
        if (offset < at) {
            kept = (int) Math.min(at - offset, n);
            System.arraycopy(got, (int) (offset - from), got, 0, kept);
        }
        from = offset;
        wanted = n;
        taken = kept;
    }

    final void found(long w, long h) {
        if (w > 0 && h > 0 && w <= Integer.MAX_VALUE && h <= Integer.MAX_VALUE) {
            width = (int) w;
            height = (int) h;
        }
        done = true;
    }

    final void unknown() {
        done = true;
    }

    /** Where the bytes taken last start in the stream. */
    final long takenFrom() {
        return from;
    }

    final long littleEndian(int offset, int size) {
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | (got[offset + i] & 0xFF);
        }
        return value;
    }

    final long bigEndian(int offset, int size) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | (got[offset + i] & 0xFF);
        }
        return value;
    }
}
