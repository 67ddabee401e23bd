package org.imagedownloader.message;

/**
 * The outcome of one item: a report row, and the message a list's progress is counted from.
 *
 * @param httpStatus  last HTTP status seen, 0 when no response was received
 * @param file        file name inside the list's folder, or null
 * @param attempts    HTTP requests made for this item (0 when none was needed)
 */
public record ItemResult(Item item, Outcome outcome, int httpStatus, String file, long bytes,
                         String contentType, int attempts, long millis, String error) {
}
