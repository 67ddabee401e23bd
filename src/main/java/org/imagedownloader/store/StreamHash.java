package org.imagedownloader.store;

import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The sha256 of a body as it goes by, never read twice. The bytes of a small body are hashed on the thread
 * that copies them. Past a few megabytes, each chunk is handed to a hashing thread while the copying thread
 * reads and writes the next one into a second buffer, so a big download takes about the time of the slower
 * of the two, not of both in turn.
 */
final class StreamHash {

    /** Bytes hashed in line before chunks are handed over. */
    static final long HAND_OVER_AFTER = 4L << 20;
    /** The chunk size once handed over: few enough hand-overs that they cost nothing next to the hashing. */
    static final int CHUNK = 1 << 20;

    private static final ExecutorService HASHERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sha256");
        t.setDaemon(true);
        return t;
    });

    /** Cloned for each body: looking the algorithm up among the providers costs more than hashing a small image. */
    private static final MessageDigest PROTOTYPE = sha256();

    private final MessageDigest digest;
    private long seen;
    private Future<?> pending = CompletableFuture.completedFuture(null);
    /** Two chunk buffers in turn, once chunks are handed over: one read into while the other is hashed. */
    private byte[][] chunks;

    StreamHash() {
        try {
            digest = (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the SHA-256 digest cannot be cloned", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Takes the first n bytes of buf, in order after those taken before. Returns the buffer to read the
     * next bytes into: buf itself, or, once chunks are handed over, a {@link #CHUNK}-sized one while buf is
     * being hashed.
     */
    byte[] add(byte[] buf, int n) throws InterruptedIOException {
        seen += n;
        if (seen <= HAND_OVER_AFTER) {
            digest.update(buf, 0, n);
            return buf;
        }
        awaitPending(); // the other buffer is free again, and the bytes before are in the digest
        pending = HASHERS.submit(() -> digest.update(buf, 0, n));
        if (chunks == null) {
            chunks = new byte[][] {new byte[CHUNK], new byte[CHUNK]};
        }
        return buf == chunks[0] ? chunks[1] : chunks[0];
    }

    /** The sha256 of every byte taken, in lowercase hex. */
    String hex() throws InterruptedIOException {
        awaitPending();
        return HexFormat.of().formatHex(digest.digest());
    }

    private void awaitPending() throws InterruptedIOException {
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        } catch (ExecutionException e) {
            throw new IllegalStateException("hashing failed", e.getCause());
        }
    }
}
