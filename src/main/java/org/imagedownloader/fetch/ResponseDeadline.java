package org.imagedownloader.fetch;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.imagedownloader.attempt.DeadlineInputStream;

/**
 * {@code downloader.download-timeout} until a response's header is in, redirect hops included: a read
 * timeout alone never fires while a server sends its status line or header a byte at a time, and the
 * body's own deadline ({@link DeadlineInputStream}) starts only once there is a body. When the time is
 * up the request is cancelled, which closes its connection, and the attempt ends as too slow.
 */
public final class ResponseDeadline implements ExecChainHandler {

    /** One timer for every client in the JVM: it only ever cancels, and most alarms are called off first. */
    private static final ScheduledThreadPoolExecutor ALARMS = alarms();

    private final Duration limit;

    public ResponseDeadline(Duration limit) {
        this.limit = limit;
    }

    private static ScheduledThreadPoolExecutor alarms() {
        ScheduledThreadPoolExecutor alarms = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "response-deadlines");
            t.setDaemon(true);
            return t;
        });
        // An alarm called off leaves the queue at once, not when it would have rung.
        alarms.setRemoveOnCancelPolicy(true);
        return alarms;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        AtomicBoolean rang = new AtomicBoolean();
        ScheduledFuture<?> alarm = ALARMS.schedule(() -> {
            rang.set(true);
            if (scope.execRuntime instanceof Cancellable runtime) {
                runtime.cancel();
            }
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
        try {
            return chain.proceed(request, scope);
        } catch (IOException | HttpException | RuntimeException e) {
            // Whatever a request cancelled midway throws, it ended because its time was up.
            if (rang.get()) {
                DeadlineInputStream.TooSlowException late = new DeadlineInputStream.TooSlowException(limit);
                late.initCause(e);
                throw late;
            }
            throw e;
        } finally {
            alarm.cancel(false);
        }
    }
}
