package org.imagedownloader.store;

import java.io.IOException;
import java.nio.file.Path;

/** Our own disk failed us (not writable, full, unreadable): not the server's fault, so never retried as a fetch. */
public class StorageException extends RuntimeException {
    public StorageException(Path path, IOException cause) {
        this("cannot write " + path, cause);
    }

    /** @param what what we could not do, as "cannot read back /downloads/list/.upload-1" */
    public StorageException(String what, IOException cause) {
        super(what + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
    }

    /** The first failure, with the next one kept beside it; the next one alone if there was none before. */
    public static StorageException first(StorageException first, StorageException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** @param place where the store writes, as an operator would name it (e.g. {@code s3://bucket/key}) */
    public StorageException(String place, Exception cause) {
        super("cannot write " + place + ": " + cause.getMessage(), cause);
    }
}
