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
     * The complete bytes, read back after the last write and before publishing (to decode them); a store
     * keeps a local copy of an upload until it is published or closed. A failure to open is a
     * {@link StorageException}.
     */
    InputStream open();

    @Override
    void close();
}
