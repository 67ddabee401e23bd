package org.imagedownloader.list;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.Outcome;

/**
 * Streams a list's items in line order. Validation and in-list duplicate detection happen here,
 * in one thread, so which line counts as the first of two equal URLs never depends on timing.
 */
public final class ListReader implements Iterator<Item>, Closeable {

    /** How much of a line that is not a URL the report shows. */
    private static final int SHOWN = 200;

    private final String runId;
    private final String list;
    private final String folder;
    private final int maxLineChars;
    private final LineReader lines;
    /** 64-bit digests instead of the URLs themselves keep a million-line list's memory small. */
    private final Map<Long, Integer> firstLineOf = new HashMap<>();
    private final MessageDigest sha256;
    private final LongConsumer onEnd;
    private int lineNo;
    private long seq;
    private Item next;
    private boolean ended;

    /** @param onEnd told the number of items once the last line has been read */
    /**
     * @param runId   the run the items belong to
     * @param folder  the list's folder under the output folder, where its items' images go
     */
    public ListReader(Path file, String runId, String folder, int maxLineChars, LongConsumer onEnd) throws IOException {
        this.runId = runId;
        this.list = file.getFileName().toString();
        this.folder = folder;
        this.onEnd = onEnd;
        this.maxLineChars = maxLineChars;
        // Read one char past the limit so an over-long line is told apart from one exactly at it.
        this.lines = new LineReader(ListFile.open(file), maxLineChars + 1);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = advance();
        }
        return next != null;
    }

    /** The next item without taking it. */
    public Item peek() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return next;
    }

    @Override
    public Item next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Item item = next;
        next = null;
        return item;
    }

    private Item advance() {
        if (ended) {
            return null;
        }
        try {
            for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
                lineNo++;
                String text = line.text().strip();
                if (ListFile.isItem(text)) {
                    return toItem(text, line.length());
                }
            }
            ended = true;
            close();
            onEnd.accept(seq);
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("reading line " + (lineNo + 1), e);
        }
    }

    /**
     * A line as the report shows it: a long one cut short, never inside a character, since half of a
     * surrogate pair has no UTF-8 form and the report could not be written with it.
     */
    private static String shown(String text) {
        if (text.length() <= SHOWN) {
            return text;
        }
        return text.substring(0, Character.isHighSurrogate(text.charAt(SHOWN - 1)) ? SHOWN - 1 : SHOWN) + "...";
    }

    private Item toItem(String text, long length) {
        long position = seq++;
        UrlValidator.Result result = length > maxLineChars
                ? new UrlValidator.Result(null, "line too long (" + length + " characters, limit " + maxLineChars + ")")
                : UrlValidator.validate(text, maxLineChars);
        if (!result.valid()) {
            return new Item(runId, list, folder, position, lineNo, shown(UrlValidator.withoutCredentials(text)), null,
                    Outcome.INVALID, result.error());
        }
        String shown = shown(text);
        Integer first = firstLineOf.putIfAbsent(digest(result.url().toString()), lineNo);
        if (first != null) {
            return new Item(runId, list, folder, position, lineNo, shown, result.url(), Outcome.DUPLICATE,
                    "same URL as line " + first);
        }
        return new Item(runId, list, folder, position, lineNo, shown, result.url(), null, null);
    }

    private long digest(String url) {
        return ByteBuffer.wrap(sha256.digest(url.getBytes(StandardCharsets.UTF_8))).getLong();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
