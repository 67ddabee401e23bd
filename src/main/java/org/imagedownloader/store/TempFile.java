package org.imagedownloader.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An upload into a folder: a hidden temporary file beside the images, which a writer tag in its name makes
 * safe to clean after a crash (see {@link Leftovers}). Every failure is a {@link StorageException}.
 */
final class TempFile implements Upload {

    private final Path path;
    private final OutputStream out;
    private boolean closed;
    private boolean published;

    TempFile(Path path) {
        this.path = path;
        try {
            this.out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StorageException(path, e);
        }
    }

    /** The file of an upload this folder gave out: uploads do not move between stores. */
    static TempFile of(Upload upload) {
        if (upload instanceof TempFile temp) {
            return temp;
        }
        throw new IllegalArgumentException("not an upload into a folder: " + upload);
    }

    @Override
    public void write(byte[] bytes, int length) {
        try {
            out.write(bytes, 0, length);
        } catch (IOException e) {
            throw new StorageException(path, e);
        }
    }

    @Override
    public InputStream open() {
        try {
            return Files.newInputStream(complete());
        } catch (IOException e) {
            throw new StorageException("cannot read back " + path, e);
        }
    }

    /** The complete file, written out, for publishing. */
    Path complete() {
        closeStream();
        return path;
    }

    /** The file has a final name now (or was found a duplicate and removed): nothing is left to discard. */
    void published() {
        published = true;
    }

    @Override
    public void close() {
        StorageException failed = null;
        try {
            closeStream();
        } catch (StorageException e) {
            failed = e;
        }
        // Even when closing failed (NFS reports a full quota only then): nobody removes a live writer's file.
        if (!published) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                failed = StorageException.first(failed, new StorageException(path, e));
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private void closeStream() {
        if (!closed) {
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                throw new StorageException(path, e);
            }
        }
    }
}
