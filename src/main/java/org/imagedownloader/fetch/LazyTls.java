package org.imagedownloader.fetch;

import java.io.IOException;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The HTTP client's default TLS, made at the first https connection instead of when the pool is built:
 * it reads the JVM's trust store (its own, or the one {@code javax.net.ssl.trustStore} names), which
 * is a noticeable part of a one-shot run's start, and a list of http URLs never needs it.
 */
public final class LazyTls implements TlsSocketStrategy {

    private volatile TlsSocketStrategy tls;

    @Override
    public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
            throws IOException {
        return tls().upgrade(socket, target, port, attachment, context);
    }

    private TlsSocketStrategy tls() {
        TlsSocketStrategy made = tls;
        if (made == null) {
            synchronized (this) {
                if (tls == null) {
                    tls = DefaultClientTlsStrategy.createDefault();
                }
                made = tls;
            }
        }
        return made;
    }
}
