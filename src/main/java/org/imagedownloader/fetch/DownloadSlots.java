package org.imagedownloader.fetch;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The cap on requests in flight, {@code downloader.concurrency}, kept apart from the pool's size. The
 * download queue's consumers do not cap them alone: a retry runs on a thread of the redelivery timer once
 * its wait is over. A connection is leased from the pool only once a slot is free, and the slot is given
 * back with the connection, so the pool can keep more idle connections than there are slots.
 */
public final class DownloadSlots implements HttpClientConnectionManager {

    private final HttpClientConnectionManager pool;
    private final Semaphore slots;

    public DownloadSlots(HttpClientConnectionManager pool, int slots) {
        this.pool = pool;
        this.slots = new Semaphore(slots, true);
    }

    @Override
    public LeaseRequest lease(String id, HttpRoute route, Timeout requestTimeout, Object state) {
        return new LeaseRequest() {
            private volatile LeaseRequest leasing;
            private volatile boolean cancelled;

            @Override
            public ConnectionEndpoint get(Timeout timeout) throws InterruptedException, ExecutionException, TimeoutException {
                if (Timeout.isPositive(timeout)) {
                    if (!slots.tryAcquire(timeout.toMilliseconds(), TimeUnit.MILLISECONDS)) {
                        throw new TimeoutException("no download slot free within " + timeout);
                    }
                } else {
                    slots.acquire();
                }
                boolean leased = false;
                try {
                    if (cancelled) {
                        throw new ExecutionException(new IllegalStateException("connection request cancelled"));
                    }
                    leasing = pool.lease(id, route, requestTimeout, state);
                    ConnectionEndpoint endpoint = leasing.get(timeout);
                    leased = true;
                    return endpoint;
                } finally {
                    if (!leased) {
                        slots.release(); // no connection to give back later, whatever was thrown
                    }
                }
            }

            @Override
            public boolean cancel() {
                cancelled = true;
                LeaseRequest current = leasing;
                return current == null || current.cancel();
            }
        };
    }

    @Override
    public void release(ConnectionEndpoint endpoint, Object newState, TimeValue validDuration) {
        try {
            pool.release(endpoint, newState, validDuration);
        } finally {
            slots.release();
        }
    }

    @Override
    public void connect(ConnectionEndpoint endpoint, TimeValue connectTimeout, HttpContext context) throws IOException {
        pool.connect(endpoint, connectTimeout, context);
    }

    @Override
    public void upgrade(ConnectionEndpoint endpoint, HttpContext context) throws IOException {
        pool.upgrade(endpoint, context);
    }

    @Override
    public void close(CloseMode closeMode) {
        pool.close(closeMode);
    }

    @Override
    public void close() throws IOException {
        pool.close();
    }
}
