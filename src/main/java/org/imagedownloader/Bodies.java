package org.imagedownloader;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.io.EofSensorInputStream;

/**
 * Lets go of a response body we will not read. Closing an HttpClient body reads it to its end to reuse
 * the connection, with no deadline: a hostile server trickling an error page would hold a download slot
 * for ever. Aborting costs one new connection instead.
 */
final class Bodies {

    private Bodies() {
    }

    static void abandon(Object body) throws IOException {
        if (body instanceof EofSensorInputStream sensor) {
            sensor.abort();
        } else if (body instanceof InputStream in) {
            in.close();
        }
    }
}
