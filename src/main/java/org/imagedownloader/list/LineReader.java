package org.imagedownloader.list;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines (LF, CRLF or CR) without ever holding more than a bounded prefix of one in memory,
 * so a list with a gigabyte-long line cannot exhaust the heap. Drops a leading byte-order mark.
 */
final class LineReader implements Closeable {

    /**
     * A line as read, without leading whitespace: its text (at most the limit) and the length of its
     * content up to the last non-whitespace character, so surrounding blanks never make a line too long.
     */
    record Line(String text, long length, boolean hasNul) {
    }

    private final Reader in;
    private final int maxChars;
    private final StringBuilder buf = new StringBuilder(256);
    /** Chars are taken from the reader a block at a time: a call per char would cost more than the rest. */
    private final char[] block = new char[8192];
    private int pos;
    private int limit;
    private boolean first = true;

    LineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line, or null at the end of input. */
    Line next() throws IOException {
        buf.setLength(0);
        long length = 0;
        int c = read();
        if (first) {
            first = false;
            if (c == '\uFEFF') {
                c = read();
            }
        }
        if (c == -1) {
            return null;
        }
        long content = 0;
        boolean nul = false;
        while (c != -1 && c != '\n' && c != '\r') {
            nul |= c == 0;
            boolean blank = Character.isWhitespace(c);
            if (length > 0 || !blank) {
                if (length < maxChars) {
                    buf.append((char) c);
                }
                length++;
                if (!blank) {
                    content = length;
                }
            }
            c = read();
        }
        if (c == '\r' && read() != '\n' && limit > 0) {
            pos--; // the next line's first char, read ahead
        }
        return new Line(buf.toString(), content, nul);
    }

    private int read() throws IOException {
        if (pos == limit) {
            int n = in.read(block, 0, block.length);
            if (n <= 0) {
                limit = pos = 0;
                return -1;
            }
            pos = 0;
            limit = n;
        }
        return block[pos++];
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
