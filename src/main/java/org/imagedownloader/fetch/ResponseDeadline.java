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
 * body's own deadline ({@link DeadlineInputStream}) starts only once there is a body. When the time is
 * up the request's connection is closed, and the attempt ends as too slow. Time spent without a
 * connection (waiting for one of our download slots, or between two hops) is not the server's: if the
 * time runs out then, the clock starts again.
 */
public final class ResponseDeadline implements ExecChainHandler {

    /** One timer for every client in the JVM: it only ever cancels, and most alarms are called off first. */
    private static final ScheduledThreadPoolExecutor ALARMS = alarms();

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

    /** One request's alarm: it rings once, and only while the request holds a connection to close. */
    private final class Alarm implements Runnable {
        private final ExecChain.Scope scope;
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        private volatile ScheduledFuture<?> next;

        Alarm(ExecChain.Scope scope) {
            this.scope = scope;
        }

        Alarm set() {
            next = ALARMS.schedule(this, limit.toNanos(), TimeUnit.NANOSECONDS);
            return this;
        }

        @Override
        public void run() {
            if (!scope.execRuntime.isEndpointAcquired()) {
                if (state.get() == RUNNING) {
                    set();
                }
            } else if (state.compareAndSet(RUNNING, RANG) && scope.execRuntime instanceof Cancellable runtime) {
                runtime.cancel();
            }
        }

        /** Whether the request ended before the alarm rang: it never will now. */
        boolean callOff() {
            boolean first = state.compareAndSet(RUNNING, DONE);
            next.cancel(false);
            return first;
        }

        boolean rang() {
            return state.get() == RANG;
        }
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        Alarm alarm = new Alarm(scope).set();
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException | HttpException | RuntimeException e) {
            alarm.callOff();
            // Whatever a request cancelled midway throws, it ended because its time was up.
            if (alarm.rang()) {
                throw tooSlow(e);
            }
            throw e;
        }
        if (!alarm.callOff()) {
            // It rang as the header came in: the connection under this response is closed already.
            response.close();
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
