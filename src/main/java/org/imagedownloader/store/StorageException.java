package org.imagedownloader.store;

import java.io.IOException;
import java.nio.file.Path;

/** Our own disk failed us (not writable, full): not the server's fault, so never retried as a fetch. */
public class StorageException extends RuntimeException {
    public StorageException(Path path, IOException cause) {
        super("cannot write " + path + ": " + cause.getMessage(), cause);
    }
}
