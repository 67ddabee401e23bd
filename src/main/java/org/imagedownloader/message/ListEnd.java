package org.imagedownloader.message;

/**
 * The last message of a run on the outcome seam: its list has been read to the end and has this many
 * items. With it the list side knows when the outcomes are all in, whatever order they arrive in.
 */
public record ListEnd(String runId, long items) {
}
