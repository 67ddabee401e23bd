package org.imagedownloader.attempt;

import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

/**
 * A request that gave up waiting for one of our own download slots (or pooled connections) before it was
 * sent: its server was never asked, so the wait is no failure of the URL's, only of our capacity at that
 * moment. A retry runs on the redelivery timer's threads while the download queue's threads hold the
 * slots, so a retry may wait for as long as the downloads ahead of it take.
 */
public final class SlotWait {

    private SlotWait() {
    }

    public static boolean timedOut(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectionRequestTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
