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
import java.util.regex.Pattern;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.ItemResult;

/**
 * Writes a list's CSV report in line order while outcomes arrive in any order. Rows are streamed to a
 * hidden temporary file as soon as every earlier row is known, so memory holds only the out-of-order
 * window; the report appears under its final name, complete, only when the list is finished.
 */
public final class ReportWriter implements Closeable {

    public static final String HEADER = "line,url,outcome,http_status,file,bytes,content_type,attempts,millis,error,sha256";

    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\u2028\\u2029]");

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
        return String.join(",",
                Integer.toString(item.line()),
                csv(item.urlText()),
                r.outcome().label(),
                r.httpStatus() > 0 ? Integer.toString(r.httpStatus()) : "",
                csv(r.file()),
                r.file() != null && r.outcome().isSuccess() ? Long.toString(r.bytes()) : "",
                csv(r.contentType()),
                Integer.toString(r.attempts()),
                Long.toString(r.millis()),
                csv(r.error()),
                csv(r.sha256())) + "\n";
    }

    /** RFC 4180 quoting; control characters and line separators become spaces so a row stays one line. */
    static String csv(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        var unprintable = UNPRINTABLE.matcher(value);
        String clean = unprintable.find() ? unprintable.replaceAll(" ") : value;
        if (clean.indexOf(',') < 0 && clean.indexOf('"') < 0) {
            return clean;
        }
        return '"' + clean.replace("\"", "\"\"") + '"';
    }
}
