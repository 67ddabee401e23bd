package org.imagedownloader.store;

import java.io.IOException;
import java.nio.file.Path;

/** Our own disk failed us (not writable, full): not the server's fault, so never retried as a fetch. */
public class StorageException extends RuntimeException {
    public StorageException(Path path, IOException cause) {
        super("cannot write " + path + ": " + cause.getMessage(), cause);
    }

    /** @param place where the store writes, as an operator would name it (e.g. {@code s3://bucket/key}) */
    public StorageException(String place, Exception cause) {
        super("cannot write " + place + ": " + cause.getMessage(), cause);
    }
}
