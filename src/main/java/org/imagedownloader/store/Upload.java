package org.imagedownloader.store;

import java.io.InputStream;

/**
 * Bytes on their way into a {@link ListStore}, under no name yet. Closing an upload that was not published
 * discards what it holds.
 */
public interface Upload extends AutoCloseable {

    /** Appends the first {@code length} bytes; a failure is a {@link StorageException}. */
    void write(byte[] bytes, int length);

    /**
     * The complete bytes written so far, read back from the store's local copy before the upload is
     * published (a store keeps one until then); a failure is a {@link StorageException}.
     */
    InputStream open();

    @Override
    void close();
}
