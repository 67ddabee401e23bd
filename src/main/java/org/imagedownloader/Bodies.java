package org.imagedownloader;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * Lets go of a response body. Closing an HttpClient body reads it to the end so the connection can be
 * reused: right for a short error page, wrong for a huge or endless one. Those abort the connection.
 */
final class Bodies {

    /** Bodies up to this size are drained on close so their connection goes back to the pool. */
    static final long DRAIN_LIMIT = 64 * 1024;

    private Bodies() {
    }

    static void release(Object body, long declaredLength) throws IOException {
        if (!(body instanceof InputStream in)) {
            return;
        }
        if (declaredLength >= 0 && declaredLength <= DRAIN_LIMIT) {
            in.close();
        } else {
            abort(in);
        }
    }

    static void abort(InputStream in) throws IOException {
        if (in instanceof EofSensorInputStream sensor) {
            sensor.abort();
        } else {
            in.close();
        }
    }
}
