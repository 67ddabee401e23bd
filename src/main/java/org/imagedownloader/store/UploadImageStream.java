package org.imagedownloader.store;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import javax.imageio.stream.FileCacheImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * An upload's bytes for a decoder, which seeks about in them. A small image is cached in heap, where a
 * decode reads it fastest; a big one in a temporary file, so a decode holds none of its bytes in heap (a
 * TIFF whose directory follows its pixels is read to its end before its size is known). Every failure to
 * read the upload is ours, never the image's (whose end comes as an end of stream): a decoder reports it
 * like damaged data, so it is remembered to be told apart.
 */
final class UploadImageStream implements Closeable {

    /** Uploads up to this size are cached in heap, and their bytes counted with their pixels. */
    static final long IN_HEAP = 4L << 20;

    private final Source source;
    private final ImageInputStream images;
    private final long heapBytes;

    private UploadImageStream(Source source, ImageInputStream images, long heapBytes) {
        this.source = source;
        this.images = images;
        this.heapBytes = heapBytes;
    }

    /** Opens an upload of this many bytes; a failure is a {@link StorageException}. */
    static UploadImageStream of(Upload upload, long bytes) {
        Source source = new Source(new BufferedInputStream(upload.open()));
        if (bytes <= IN_HEAP) {
            return new UploadImageStream(source, new MemoryCacheImageInputStream(source), bytes);
        }
        try {
            return new UploadImageStream(source, new FileCacheImageInputStream(source, null), 0);
        } catch (IOException e) {
            try {
                source.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw new StorageException("cannot cache an upload to decode it", e);
        }
    }

    ImageInputStream images() {
        return images;
    }

    /** What the cache may hold in heap by the end of the decode. */
    long heapBytes() {
        return heapBytes;
    }

    /**
     * Throws a read failure here as what it is, whatever the decoder made of it: a stop (the thread
     * interrupted), or our disk failing, a {@link StorageException}.
     */
    void throwFailure() throws InterruptedIOException {
        IOException failure = source.failure;
        if (failure instanceof InterruptedIOException || failure instanceof ClosedByInterruptException) {
            InterruptedIOException stop = new InterruptedIOException("interrupted while decoding");
            stop.initCause(failure);
            throw stop;
        }
        if (failure != null) {
            throw new StorageException("cannot read back an upload to decode it", failure);
        }
    }

    /** Closes the upload's stream too, which the caches leave open. */
    @Override
    public void close() throws IOException {
        try {
            images.close();
        } finally {
            source.close();
        }
    }

    /** The upload's bytes, remembering a failure to read them. */
    private static final class Source extends FilterInputStream {
        private IOException failure;

        Source(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }
}
