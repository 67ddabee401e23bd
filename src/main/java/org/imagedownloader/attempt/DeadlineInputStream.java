package org.imagedownloader.attempt;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Ends a transfer that keeps trickling bytes: a read timeout alone never fires while a server sends
 * one byte a second, so every read also checks the download's overall deadline.
 */
public final class DeadlineInputStream extends FilterInputStream {

    /** A download that outlived {@code downloader.download-timeout}: not retried, the server is too slow. */
    public static final class TooSlowException extends IOException {
        public TooSlowException(Duration limit) {
            super("too slow: not complete after " + limit.toSeconds() + " s (downloader.download-timeout)");
        }
    }

    private final long deadlineNanos;
    private final Duration limit;

    public DeadlineInputStream(InputStream in, long startNanos, Duration limit) {
        super(in);
        this.deadlineNanos = startNanos + limit.toNanos();
        this.limit = limit;
    }

    private void check() throws TooSlowException {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new TooSlowException(limit);
        }
    }

    @Override
    public int read() throws IOException {
        check();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        check();
        return super.read(b, off, len);
    }
}
