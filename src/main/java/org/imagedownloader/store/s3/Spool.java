package org.imagedownloader.store.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.imagedownloader.store.StorageException;
import org.imagedownloader.store.Upload;

/**
 * An upload into a bucket, spooled to a local file first: S3 wants an object's length and SHA-256
 * checksum before the first byte of its PUT, memory must not grow with the image, and the bytes must be
 * readable again before publishing. The file carries its writer's tag, so a writer killed mid-upload
 * leaves nothing that the next start does not remove.
 */
final class Spool implements Upload {

    private final Path file;
    private final String contentType;
    private final OutputStream out;
    private long length;
    private boolean closed;

    /** @param contentType the image's media type, which its object is stored with */
    Spool(Path file, String contentType) {
        this.file = file;
        this.contentType = contentType;
        try {
            this.out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StorageException(file, e);
        }
    }

    /** The spool of an upload this store gave out: uploads do not move between stores. */
    static Spool of(Upload upload) {
        if (upload instanceof Spool spool) {
            return spool;
        }
        throw new IllegalArgumentException("not an upload into a bucket: " + upload);
    }

    @Override
    public void write(byte[] bytes, int n) {
        try {
            out.write(bytes, 0, n);
            length += n;
        } catch (IOException e) {
            throw new StorageException(file, e);
        }
    }

    @Override
    public InputStream open() {
        return range(0, complete());
    }

    String contentType() {
        return contentType;
    }

    /** Writes the bytes out; their length. */
    long complete() {
        if (!closed) {
            closed = true;
            try {
                out.close();
            } catch (IOException e) {
                throw new StorageException(file, e);
            }
        }
        return length;
    }

    Path file() {
        complete();
        return file;
    }

    /** A stream of {@code count} bytes from {@code offset}: one part of a multipart upload, read afresh each time. */
    InputStream range(long offset, long count) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(offset);
            return new BoundedStream(Channels.newInputStream(channel), count);
        } catch (IOException e) {
            throw new StorageException(file, e);
        }
    }

    /** The local copy is dropped whether or not the bytes were published: the bucket has them, or nobody. */
    @Override
    public void close() {
        StorageException failed = null;
        try {
            complete();
        } catch (StorageException e) {
            failed = e;
        }
        // Even when closing failed (a disk that reports a full quota only then): a live writer's file stays.
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failed = StorageException.first(failed, new StorageException(file, e));
        }
        if (failed != null) {
            throw failed;
        }
    }

    private static final class BoundedStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedStream(InputStream in, long left) {
            this.in = in;
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
