package org.imagedownloader.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Leases from a real pool; an endpoint is only a claim on a connection, so nothing here opens a socket. */
class DownloadSlotsTest {

    private static final Timeout WAIT = Timeout.ofMilliseconds(200);

    private final PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(8).setMaxConnPerRoute(8).build();
    private final DownloadSlots slots = new DownloadSlots(pool, 2);
    private final HttpRoute route = new HttpRoute(new HttpHost("http", "image.example", 80));

    @AfterEach
    void close() {
        pool.close();
    }

    private ConnectionEndpoint take() throws Exception {
        return slots.lease("test", route, WAIT, null).get(WAIT);
    }

    @Test
    void noMoreLeasesAtOnceThanSlotsWhateverThePoolHolds() throws Exception {
        ConnectionEndpoint first = take();
        ConnectionEndpoint second = take();
        assertThatThrownBy(this::take).isInstanceOf(TimeoutException.class).hasMessageContaining("no download slot");
        assertThat(pool.getTotalStats().getLeased()).isEqualTo(2);

        slots.release(first, null, TimeValue.ZERO_MILLISECONDS);
        ConnectionEndpoint third = take();
        slots.release(second, null, TimeValue.ZERO_MILLISECONDS);
        slots.release(third, null, TimeValue.ZERO_MILLISECONDS);
        assertThat(pool.getTotalStats().getLeased()).isZero();
    }

    @Test
    void aLeaseThatFailsGivesItsSlotBack() throws Exception {
        for (int i = 0; i < 3; i++) {
            LeaseRequest cancelled = slots.lease("test", route, WAIT, null);
            cancelled.cancel();
            assertThatThrownBy(() -> cancelled.get(WAIT)).isInstanceOf(ExecutionException.class);
        }
        // Both slots are still there.
        ConnectionEndpoint first = take();
        ConnectionEndpoint second = take();
        slots.release(first, null, TimeValue.ZERO_MILLISECONDS);
        slots.release(second, null, TimeValue.ZERO_MILLISECONDS);
    }
}
