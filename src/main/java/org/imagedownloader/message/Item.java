package org.imagedownloader.message;

import java.net.URI;

/**
 * One non-blank, non-comment line of a list, as it travels to the download queue.
 * It names its run by id rather than holding it, so the queue can become a broker.
 *
 * @param runId     the list run this item belongs to
 * @param seq       0-based position among the list's items (the report's row order)
 * @param line      1-based line number in the list file
 * @param text      the trimmed line as written (possibly shortened when over-long)
 * @param url       the URL to fetch, or null when the line is invalid or a duplicate
 * @param verdict   INVALID or DUPLICATE when decided while reading, else null
 * @param reason    why, for a verdict
 */
public record Item(String runId, long seq, int line, String text, URI url, Outcome verdict, String reason) {

    public static Item fetch(String runId, long seq, int line, String text, URI url) {
        return new Item(runId, seq, line, text, url, null, null);
    }

    public static Item decided(String runId, long seq, int line, String text, URI url, Outcome verdict, String reason) {
        return new Item(runId, seq, line, text, url, verdict, reason);
    }

    /** The URL as text for reports: the normalised URL when there is one, else the line. */
    public String urlText() {
        return url != null ? url.toString() : text;
    }
}
