package org.imagedownloader.store;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.imagedownloader.attempt.Attempt;
import org.imagedownloader.attempt.Bodies;
import org.imagedownloader.attempt.DeadlineInputStream;
import org.imagedownloader.attempt.RejectedException;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.Outcome;

/**
 * Keeps a response body only if its first bytes are really an image, streaming it into an upload of the
 * list's store and publishing it when complete: memory does not grow with the image, bytes are kept
 * exactly as received, and no partial file ever carries a final name. The sha256 of the bytes and the
 * size their header declares are taken on the way through; an image of a size not kept is let go of as
 * soon as the read that brought its header is in (its first 64 KB, for most formats). With a verifier,
 * the complete bytes are decoded before they are published.
 * Bytes the list's store already holds are not kept twice.
 */
public final class ImageSaver {

    /** One copy buffer per download thread, not 64 KB of fresh garbage per image. */
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

    private final Store store;
    private final long maxBytes;
    private final Duration downloadTimeout;
    private final boolean dedup;
    private final SizeLimits limits;
    private final ImageVerifier verifier;

    /**
     * @param dedup    whether bytes that a file of the list's store holds already end the item as a duplicate
     * @param verifier decodes each image before it is published, or null to trust the header
     */
    public ImageSaver(Store store, long maxBytes, Duration downloadTimeout, boolean dedup, SizeLimits limits,
                      ImageVerifier verifier) {
        this.store = store;
        this.maxBytes = maxBytes;
        this.downloadTimeout = downloadTimeout;
        this.dedup = dedup;
        this.limits = limits;
        this.verifier = verifier;
    }

    public void save(Exchange exchange) throws IOException, RejectedException {
        Attempt attempt = Attempt.of(exchange);
        Item item = attempt.item();
        long declared = exchange.getIn().getHeader(Exchange.CONTENT_LENGTH, -1L, Long.class);
        InputStream raw = exchange.getIn().getBody(InputStream.class);
        InputStream body = raw == null ? null
                : new DeadlineInputStream(raw, attempt.attemptStartedNanos(), downloadTimeout);
        boolean complete = false;
        try {
            if (declared > maxBytes) {
                throw new RejectedException("too large: " + declared + " bytes, limit " + maxBytes);
            }
            byte[] buf = BUFFERS.get();
            int head = body == null ? 0 : body.readNBytes(buf, 0, ImageSniffer.HEAD_BYTES);
            if (head == 0) {
                throw new RejectedException("empty body");
            }
            Optional<ImageType> type = ImageSniffer.sniff(buf, head);
            if (type.isEmpty()) {
                throw new RejectedException("body is not an image");
            }
            ListStore list = store.list(item.folder());
            try (Upload upload = list.newUpload(type.get())) {
                StreamHash sha256 = new StreamHash();
                long bytes = copy(buf, head, body, upload, sha256, new ImageSize(type.get()), attempt);
                complete = true;
                String unverified = verifier == null ? null : verifier.verify(upload, bytes, type.get());
                if (unverified != null) {
                    attempt.note(unverified);
                }
                String hash = sha256.hex();
                Validators validators = Validators.of(exchange.getIn().getHeader("ETag", String.class),
                        exchange.getIn().getHeader("Last-Modified", String.class));
                String refreshed = attempt.refresh();
                if (refreshed == null) {
                    String wanted = FileNamer.withType(FileNamer.baseName(item.url()), type.get());
                    Published saved = list.publish(item.url(), wanted, upload, hash, validators, dedup);
                    attempt.stored(saved.name(), bytes, hash);
                    if (saved.duplicate()) {
                        attempt.decide(Outcome.DUPLICATE, saved.name(), "same content as " + saved.name());
                    }
                } else if (hash.equals(list.sha256(refreshed))) {
                    // A server that ignored the validators, with the same bytes: the file stays untouched.
                    list.revalidated(item.url(), refreshed, hash, validators);
                    attempt.stored(refreshed, bytes, hash);
                    attempt.decide(Outcome.SKIPPED, refreshed, "unchanged");
                } else {
                    list.replace(item.url(), refreshed, upload, hash, validators);
                    attempt.stored(refreshed, bytes, hash);
                    attempt.note("updated");
                }
            }
        } finally {
            if (raw != null) {
                if (complete) {
                    raw.close();
                } else {
                    Bodies.abandon(raw);
                }
            }
        }
    }

    /**
     * Writes the sniffed head (the first {@code head} bytes of buf) and the rest of the stream, reading the
     * image's size on the way. The rest fills the buffer after the head, so a small image is one write. Read
     * errors propagate as they are (the server or network failed: retryable); write errors are the store's
     * {@link StorageException}.
     */
    private long copy(byte[] buf, int head, InputStream body, Upload out, StreamHash sha256, ImageSize size,
                      Attempt attempt) throws IOException, RejectedException {
        long total = 0;
        // Whole buffers: a big body's chunks go to the hashing thread, and fewer are cheaper.
        for (int n = head + body.readNBytes(buf, head, buf.length - head); n > 0;
                n = body.readNBytes(buf, 0, buf.length)) {
            total += n;
            if (total > maxBytes) {
                throw new RejectedException("too large: over " + maxBytes + " bytes");
            }
            measure(size, buf, n, attempt);
            out.write(buf, n);
            buf = sha256.add(buf, n);
        }
        return total;
    }

    /** Feeds the size's walk; once it gives a size, the report has it and the limits judge it. */
    private void measure(ImageSize size, byte[] bytes, int n, Attempt attempt) throws RejectedException {
        if (size.feed(bytes, n) && size.known()) {
            attempt.measured(size.width(), size.height());
            limits.check(size.width(), size.height());
        }
    }
}
