package org.imagedownloader.run;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.ItemResult;

/**
 * Writes a list's CSV report in line order while outcomes arrive in any order. Rows are streamed to a
 * hidden temporary file as soon as every earlier row is known, so memory holds only the out-of-order
 * window; the report appears under its final name, complete, only when the list is finished.
 */
public final class ReportWriter implements Closeable {

    public static final String HEADER = "line,url,outcome,http_status,file,bytes,content_type,attempts,millis,error,sha256,width,height";

    /** A report still being written is {@code .<folder>.report.csv.part} beside the folder. */
    static final String TEMP_SUFFIX = ".report.csv.part";

    private final Path target;
    private final Path temp;
    private final BufferedWriter out;
    private final Map<Long, String> waiting = new HashMap<>();
    private long nextSeq;

    ReportWriter(Path target) throws IOException {
        this.target = target;
        this.temp = target.resolveSibling("." + target.getFileName() + ".part");
        this.out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
        out.write(HEADER);
        out.write('\n');
    }

    /** Rows that arrive ahead of an earlier one wait as text, which is far smaller than the result. */
    synchronized void add(ItemResult result) throws IOException {
        long seq = result.item().seq();
        if (seq != nextSeq) {
            waiting.put(seq, row(result));
            return;
        }
        out.write(row(result));
        nextSeq++;
        for (String r = waiting.remove(nextSeq); r != null; r = waiting.remove(nextSeq)) {
            out.write(r);
            nextSeq++;
        }
    }

    /** Publishes the report under its final name; fails if any row is still missing. */
    synchronized void commit() throws IOException {
        if (!waiting.isEmpty()) {
            throw new IllegalStateException("report " + target + " is missing row " + (nextSeq + 1));
        }
        out.close();
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Drops an unfinished report: the list will be run again, and a partial report would mislead. */
    @Override
    public synchronized void close() throws IOException {
        out.close();
        Files.deleteIfExists(temp);
    }

    static String row(ItemResult r) {
        Item item = r.item();
        StringBuilder row = new StringBuilder(160).append(item.line()).append(',');
        csv(row, item.urlText()).append(',').append(r.outcome().label()).append(',');
        if (r.httpStatus() > 0) {
            row.append(r.httpStatus());
        }
        csv(row.append(','), r.file()).append(',');
        if (r.file() != null && r.outcome().isSuccess()) {
            row.append(r.bytes());
        }
        csv(row.append(','), r.contentType()).append(',').append(r.attempts()).append(',').append(r.millis()).append(',');
        csv(row, r.error()).append(',');
        csv(row, r.sha256()).append(',');
        if (r.width() > 0) {
            row.append(r.width()).append(',').append(r.height());
        } else {
            row.append(',');
        }
        return row.append('\n').toString();
    }

    /** RFC 4180 quoting; control characters and line separators become spaces so a row stays one line. */
    static String csv(String value) {
        return csv(new StringBuilder(), value).toString();
    }

    /** Appends the value as {@link #csv(String)} gives it, without the regular expressions a million rows would feel. */
    private static StringBuilder csv(StringBuilder row, String value) {
        if (value == null || value.isEmpty()) {
            return row;
        }
        boolean quoted = value.indexOf(',') >= 0 || value.indexOf('"') >= 0;
        if (quoted) {
            row.append('"');
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.getType(c) == Character.CONTROL || c == '\u2028' || c == '\u2029') {
                row.append(' ');
            } else {
                row.append(c);
                if (c == '"') {
                    row.append('"');
                }
            }
        }
        return quoted ? row.append('"') : row;
    }
}
