package org.imagedownloader.message;

import java.net.URI;

/**
 * The item message: one non-blank, non-comment line of a list, carrying everything the per-URL work needs
 * and nothing that lives only in the process that read the list.
 *
 * @param runId   the list run this item belongs to; its outcome goes back under this id
 * @param list    the list file's name, for logs
 * @param folder  the list's folder, one name directly under the output folder
 * @param seq     0-based position among the list's items (the report's row order)
 * @param line    1-based line number in the list file
 * @param text    the trimmed line as written (possibly shortened when over-long)
 * @param url     the URL to fetch, or null when the line is invalid
 * @param verdict INVALID or DUPLICATE when decided while reading, else null
 * @param reason  why, for a verdict
 */
public record Item(String runId, String list, String folder, long seq, int line, String text, URI url,
                   Outcome verdict, String reason) {

    /** The URL as text for reports: the normalised URL when there is one, else the line. */
    public String urlText() {
        return url != null ? url.toString() : text;
    }
}
