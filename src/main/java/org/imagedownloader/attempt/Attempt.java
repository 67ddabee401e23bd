package org.imagedownloader.attempt;

import java.time.Duration;
import org.apache.camel.Exchange;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.Outcome;

/**
 * Everything the per-URL steps know of one item while it is worked on, carried as the exchange's one
 * property {@link #PROPERTY}. A property, not the message: each redelivery restores the message as it was
 * before the first attempt, while this state (attempts made, what was saved) must live on across them.
 * One thread works on an item at a time; a redelivery's hand-over to another thread publishes what the
 * previous one wrote.
 */
public final class Attempt {

    /** The exchange property that holds it. */
    public static final String PROPERTY = "attempt";

    private final Item item;
    private final long startedNanos = System.nanoTime();
    private long attemptStartedNanos;
    private int attempts;
    /** Attempts the network failed while it was judged gone: not held against the URL's retries. */
    private int forgiven;
    /** Waits for our own store, and for one of our own download slots: both free, for a while. */
    private final FreeWait storeWait = new FreeWait();
    private final FreeWait slotWait = new FreeWait();
    /** The first attempt goes even while the network is judged gone, to see whether it is back. */
    private boolean networkTrial;
    private Outcome outcome;
    /** The URL's own file, asked for again with its validators (a conditional refresh), and what it holds. */
    private String refresh;
    private long refreshBytes;
    private String refreshSha256;
    private String file;
    private long bytes = -1;
    private String sha256;
    private int width = -1;
    private int height = -1;
    private String note;

    private Attempt(Item item) {
        this.item = item;
    }

    /** The item's state, begun when the item is first seen (the download queue, or the plan). */
    public static Attempt of(Exchange exchange) {
        Attempt attempt = exchange.getProperty(PROPERTY, Attempt.class);
        if (attempt == null) {
            attempt = new Attempt(exchange.getIn().getBody(Item.class));
            exchange.setProperty(PROPERTY, attempt);
        }
        return attempt;
    }

    public Item item() {
        return item;
    }

    public long startedNanos() {
        return startedNanos;
    }

    /** Counts one request about to be made (the image's, or its host's robots.txt). */
    public void requested() {
        attempts++;
        attemptStartedNanos = System.nanoTime();
        // The size is the latest response's: an attempt that fails before its header says nothing of it.
        width = -1;
        height = -1;
    }

    public int attempts() {
        return attempts;
    }

    public long attemptStartedNanos() {
        return attemptStartedNanos;
    }

    /** An attempt that failed because the network was gone: it costs the URL no retry. */
    public void forgive() {
        forgiven++;
    }

    /** Attempts that count against the URL's retries. */
    public int countedAttempts() {
        return attempts - forgiven;
    }

    /**
     * No download slot of ours came free in time: the attempt costs the URL no retry, for at most
     * {@code maxWait} from the first time (slots that never came free would be a fault of ours, and the item
     * ends instead of waiting for ever). Returns whether it may try again without cost.
     */
    public boolean waitForSlot(Duration maxWait) {
        if (!slotWait.within(maxWait)) {
            return false;
        }
        forgiven++;
        return true;
    }

    /**
     * The store could not be reached: the item waits for it as for a network that is gone, at most
     * {@code maxWait} from the first time, and the attempt costs the URL no retry. Returns whether it may
     * try again.
     */
    public boolean waitForStore(Duration maxWait) {
        boolean within = storeWait.within(maxWait);
        // The store fails an item at its plan, before any request, or while saving, after this attempt's.
        if (attempts > 0) {
            forgiven++;
        }
        return within;
    }

    /** A kind of waiting that costs the item nothing, for at most a while from the first time it waits so. */
    private static final class FreeWait {
        private boolean started;
        private long since;

        /** Starts the wait at the first call; whether it has lasted less than {@code maxWait}. */
        boolean within(Duration maxWait) {
            long now = System.nanoTime();
            if (!started) {
                started = true;
                since = now;
            }
            return now - since < maxWait.toNanos();
        }
    }

    public void allowNetworkTrial() {
        networkTrial = true;
    }

    /** Whether this attempt is the network's trial; true only once. */
    public boolean takeNetworkTrial() {
        boolean trial = networkTrial;
        networkTrial = false;
        return trial;
    }

    /** The outcome decided before the end of the route, or null while the item is still to be fetched. */
    public Outcome outcome() {
        return outcome;
    }

    /** Ends the item with this outcome, its file (or null) and what the report says of it (or null). */
    public void decide(Outcome outcome, String file, String note) {
        this.outcome = outcome;
        this.file = file;
        this.note = note;
    }

    public String refresh() {
        return refresh;
    }

    /** Asks for the URL's own file again: its name, its size and its sha256 as stored. */
    public void refresh(String file, long bytes, String sha256) {
        this.refresh = file;
        this.refreshBytes = bytes;
        this.refreshSha256 = sha256;
    }

    /** The conditional refresh was answered "not modified": the item ends with its file as stored. */
    public void notModified() {
        stored(refresh, refreshBytes, refreshSha256);
        decide(Outcome.SKIPPED, refresh, "not modified");
    }

    /** The body was kept whole, in this file (its own, or one that held the same bytes already). */
    public void stored(String file, long bytes, String sha256) {
        this.file = file;
        this.bytes = bytes;
        this.sha256 = sha256;
    }

    /** The pixel size the body's header declares. */
    public void measured(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** What the report's error column says of an item that ended well all the same. */
    public void note(String note) {
        this.note = note;
    }

    public String file() {
        return file;
    }

    /** Bytes received and kept, or -1 if no body was. */
    public long bytes() {
        return bytes;
    }

    public String sha256() {
        return sha256;
    }

    /** Width in pixels of the image received, or -1 when unknown. */
    public int width() {
        return width;
    }

    /** Height in pixels of the image received, or -1 when unknown. */
    public int height() {
        return height;
    }

    public String note() {
        return note;
    }
}
