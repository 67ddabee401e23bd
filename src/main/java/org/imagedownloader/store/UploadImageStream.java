package org.imagedownloader.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import javax.imageio.stream.FileCacheImageInputStream;

/**
 * An upload's bytes for a decoder, cached in a temporary file as it seeks about, so a decode holds none
 * of them in heap (a TIFF whose directory follows its pixels is read to its end before its size is
 * known). Every read failure here is ours, the upload's or the cache's, never the image's (whose end
 * comes as an end of stream): a decoder reports it like damaged data, so it is remembered to be told apart.
 */
final class UploadImageStream extends FileCacheImageInputStream {

    private final InputStream source;
    private IOException failure;

    private UploadImageStream(InputStream source) throws IOException {
        super(source, null);
        this.source = source;
    }

    /** Opens the upload; a failure is a {@link StorageException}. */
    static UploadImageStream of(Upload upload) {
        InputStream source = new BufferedInputStream(upload.open());
        try {
            return new UploadImageStream(source);
        } catch (IOException e) {
            try {
                source.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw new StorageException("cannot cache an upload to decode it", e);
        }
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

    /**
     * Throws a read failure here as what it is, whatever the decoder made of it: a stop (the thread
     * interrupted), or our disk failing, a {@link StorageException}.
     */
    void throwFailure() throws InterruptedIOException {
        if (failure instanceof InterruptedIOException || failure instanceof ClosedByInterruptException) {
            InterruptedIOException stop = new InterruptedIOException("interrupted while decoding");
            stop.initCause(failure);
            throw stop;
        }
        if (failure != null) {
            throw new StorageException("cannot read back an upload to decode it", failure);
        }
    }

    /** Closes the source too, which the cache leaves open. */
    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            source.close();
        }
    }
}
