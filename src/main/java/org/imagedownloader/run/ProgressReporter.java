package org.imagedownloader.run;

import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Progress lines for every open list, and a warning for one where nothing has ended for long. */
public final class ProgressReporter {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
    /** Retries and slow servers explain a quiet minute or two; a long silence is worth a warning. */
    private static final int STALL_WARN_INTERVALS = 60;

    private final OpenRuns runs;
    private final long progressSeconds;
    private volatile BooleanSupplier waitingForNetwork = () -> false;

    /** @param progressSeconds how often {@link #report} is called */
    public ProgressReporter(OpenRuns runs, long progressSeconds) {
        this.runs = runs;
        this.progressSeconds = progressSeconds;
    }

    /** While this says the items wait for the network, a quiet list is not stalled: no warning. */
    public void setWaitingForNetwork(BooleanSupplier waiting) {
        this.waitingForNetwork = waiting;
    }

    public void report() {
        for (ListRun run : runs.all()) {
            Progress now = run.progress();
            runs.tell.progress(now);
            int quiet = run.quietIntervals();
            if (quiet > 0 && quiet % STALL_WARN_INTERVALS == 0 && !waitingForNetwork.getAsBoolean()) {
                LOG.warn("{}: no item has finished for {} s ({} of {} done)", run.listName,
                        quiet * progressSeconds, now.done(), now.total());
            }
        }
    }
}
