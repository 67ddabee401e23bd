package org.imagedownloader.attempt;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.io.EofSensorInputStream;

/** Lets go of response bodies we will not read, without letting a server hold a download slot. */
public final class Bodies {

    /**
     * Error pages up to this size that have already arrived whole are read out, to reuse the connection:
     * HttpClient's session buffer holds 8 KB, so a bigger body can never be seen to have arrived.
     */
    static final long SMALL_BODY = 8 * 1024;

    private Bodies() {
    }

    /**
     * For a body nothing has been read from yet, whose Content-Length is {@code declaredLength} (-1 if
     * unknown). A small one that has already arrived whole (a typical 404 page) is read from the client's
     * buffer, which never waits, and the connection goes back to the pool instead of a new one being opened
     * for the next request. Anything else is {@linkplain #abandon abandoned}.
     */
    public static void discard(Object body, long declaredLength) throws IOException {
        // A declared 0 proves nothing (a chunked body reports nothing available before its first read).
        if (body instanceof EofSensorInputStream sensor && declaredLength > 0 && declaredLength <= SMALL_BODY
                && sensor.available() >= declaredLength) {
            sensor.skipNBytes(declaredLength);
            sensor.close();
        } else {
            abandon(body);
        }
    }

    /**
     * Closing an HttpClient body reads it to its end to reuse the connection, with no deadline: a hostile
     * server trickling an error page would hold a download slot for ever. Aborting costs one new
     * connection instead.
     */
    public static void abandon(Object body) throws IOException {
        if (body instanceof EofSensorInputStream sensor) {
            sensor.abort();
        } else if (body instanceof InputStream in) {
            in.close();
        }
    }
}
