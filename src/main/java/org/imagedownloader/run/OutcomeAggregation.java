package org.imagedownloader.run;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.imagedownloader.message.Headers;
import org.imagedownloader.message.ItemResult;
import org.imagedownloader.message.ListEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds up the outcome messages of each run (the aggregation strategy of the outcome route) and, once
 * they say every item has ended, closes the run: its report is published and its list archived.
 */
public final class OutcomeAggregation implements AggregationStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeAggregation.class);

    private final OpenRuns runs;
    private final Archiver archiver;

    public OutcomeAggregation(OpenRuns runs, Archiver archiver) {
        this.runs = runs;
        this.archiver = archiver;
    }

    /**
     * Adds one outcome message (an item's, or the end of a list) to its run, or a list of them (read from
     * Kafka, a run's come together), and marks the aggregate complete once every item of the run has
     * ended (or the run is gone): the aggregator's completion predicate only reads that mark.
     */
    @Override
    public Exchange aggregate(Exchange sum, Exchange next) {
        Object body = next.getIn().getBody();
        List<?> messages = body instanceof List<?> some ? some : Collections.singletonList(body);
        Optional<ListRun> run = Optional.empty();
        for (Object message : messages) {
            run = add(message);
        }
        Exchange answer = sum == null ? next : sum;
        if (run.map(ListRun::isDone).orElse(true)) {
            answer.setProperty(ExchangePropertyKey.AGGREGATION_COMPLETE_CURRENT_GROUP, true);
        }
        return answer;
    }

    private Optional<ListRun> add(Object message) {
        Optional<ListRun> run;
        if (message instanceof ItemResult result) {
            run = runs.find(result.item().runId());
            run.ifPresent(r -> runs.record(r, result));
        } else if (message instanceof ListEnd end) {
            run = runs.find(end.runId());
            run.ifPresent(r -> r.seal(end.items()));
        } else {
            throw new IllegalArgumentException("not an outcome message: " + message);
        }
        return run;
    }

    /** Publishes the report of a run whose items have all ended, and archives its list. */
    public void finish(Exchange sum) throws IOException {
        Optional<ListRun> removed = runs.remove(sum.getIn().getHeader(Headers.RUN_ID, String.class));
        if (removed.isEmpty()) {
            return; // outcomes of a run closed earlier (redelivered, or the daemon is stopping)
        }
        ListRun run = removed.get();
        Progress last = null;
        String unsaved = null;
        try {
            run.commitReport();
            last = run.progress();
            runs.tell.finished(last, run.reportFile, run.reportAt());
            String storage = run.storageProblem();
            if (storage != null) {
                // Not done: the images or the report are not all on disk through no fault of the servers.
                unsaved = "images or the report could not be saved (" + storage + ")";
                archiver.toError(run.listFile, unsaved + "; fix the disk,"
                        + " then move this list back into the inbox to fetch only what is missing");
            } else {
                archiver.toDone(run.listFile, run.taken);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: cannot be archived: {}", run.listName, e.getMessage());
            runs.close(run);
            run.finished.completeExceptionally(e);
            throw e;
        }
        runs.close(run);
        // Only now is the folder free for the next run; the command line says what was not saved.
        if (unsaved != null) {
            run.finished.completeExceptionally(new IllegalStateException(unsaved));
        } else {
            run.finished.complete(last);
        }
    }
}
