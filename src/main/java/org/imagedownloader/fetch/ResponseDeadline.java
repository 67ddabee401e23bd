package org.imagedownloader.fetch;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * body's own deadline ({@link DeadlineInputStream}) starts only once there is a body. Only the time the
 * request holds a connection counts (waiting for one of our download slots is not the server's time),
 * looked at once a second. When the time is up the request's connection is closed, and any it takes
 * afterwards, and the attempt ends as too slow.
 */
public final class ResponseDeadline implements ExecChainHandler {

    /** One timer for every client in the JVM: it only ever cancels, and most alarms are called off first. */
    private static final ScheduledThreadPoolExecutor ALARMS = alarms();

    private static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final int RUNNING = 0;
    private static final int RANG = 1;
    private static final int DONE = 2;

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

    /** One request's alarm, looked at by the timer's one thread and called off by the request's. */
    private final class Alarm implements Runnable {
        private final ExecChain.Scope scope;
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        /** Timer thread only. */
        private long heldNanos;
        private long lookedAt = System.nanoTime();
        private volatile ScheduledFuture<?> next;

        Alarm(ExecChain.Scope scope) {
            this.scope = scope;
        }

        Alarm set(long delayNanos) {
            next = ALARMS.schedule(this, delayNanos, TimeUnit.NANOSECONDS);
            if (state.get() == DONE) {
                next.cancel(false); // called off meanwhile
            }
            return this;
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            if (scope.execRuntime.isEndpointAcquired()) {
                heldNanos += now - lookedAt;
            }
            lookedAt = now;
            long left = limit.toNanos() - heldNanos;
            if (left <= 0) {
                state.compareAndSet(RUNNING, RANG);
            }
            int at = state.get();
            if (at == RANG && scope.execRuntime instanceof Cancellable runtime) {
                runtime.cancel(); // and again at the next look, for a hop that took another connection
            }
            if (at != DONE) {
                set(at == RANG ? TICK_NANOS : Math.min(TICK_NANOS, left));
            }
        }

        /** Whether the request ended before the alarm rang: it never will now. */
        boolean callOff() {
            int before = state.getAndSet(DONE);
            next.cancel(false);
            return before == RUNNING;
        }
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        Alarm alarm = new Alarm(scope).set(Math.min(TICK_NANOS, limit.toNanos()));
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException | HttpException | RuntimeException e) {
            // Whatever a request cancelled midway throws, it ended because its time was up.
            if (!alarm.callOff()) {
                throw tooSlow(e);
            }
            throw e;
        } catch (Error e) {
            alarm.callOff();
            throw e;
        }
        if (!alarm.callOff()) {
            // It rang as the header came in: the connection under it is closed (given back to its slot) and
            // the body let go of unread.
            if (scope.execRuntime instanceof Cancellable runtime) {
                runtime.cancel();
            }
            throw tooSlow(null);
        }
        return response;
    }

    private DeadlineInputStream.TooSlowException tooSlow(Exception cause) {
        DeadlineInputStream.TooSlowException late = new DeadlineInputStream.TooSlowException(limit);
        if (cause != null) {
            late.initCause(cause);
        }
        return late;
    }
}
