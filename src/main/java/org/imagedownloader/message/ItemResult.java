package org.imagedownloader.message;

/**
 * The outcome message: how one item ended, i.e. its report row, and all the list side counts.
 *
 * @param httpStatus  last HTTP status seen, 0 when no response was received
 * @param file        file name inside the list's folder, or null
 * @param attempts    HTTP requests made for this item (0 when none was needed)
 * @param ourDisk     the item failed because our own disk did, which keeps its list from being done
 * @param sha256      the file's content hash (lowercase hex), or null when there is no file or it is unknown
 * @param width       the image's width in pixels as its header declares it, or -1 when unknown
 * @param height      the image's height in pixels, or -1 when unknown
 */
public record ItemResult(Item item, Outcome outcome, int httpStatus, String file, long bytes,
                         String contentType, int attempts, long millis, String error, boolean ourDisk,
                         String sha256, int width, int height) {

    /** An item decided while reading its list: no request, no file. */
    public static ItemResult decided(Item item) {
        return new ItemResult(item, item.verdict(), 0, null, -1, null, 0, 0, item.reason(), false, null, -1, -1);
    }
}
