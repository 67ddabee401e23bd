package org.imagedownloader.store;

/**
 * Bytes on their way into a {@link ListStore}, under no name yet. Closing an upload that was not published
 * discards what it holds.
 */
public interface Upload extends AutoCloseable {

    /** Appends the first {@code length} bytes; a failure is a {@link StorageException}. */
    void write(byte[] bytes, int length);

    @Override
    void close();
}
