package org.imagedownloader.run;

import java.nio.file.Path;
import org.imagedownloader.message.ItemResult;
import org.slf4j.Logger;

/**
 * Hears how the runs go: the operator's log or terminal, the status page, the metrics. Each listener
 * hears every event and overrides those it shows.
 */
public interface RunListener {

    /** A run has opened: its list has this many lines, of which this many are items, whose images go to {@code images}. */
    default void started(String list, long lines, long items, String images) {
    }

    /** How an open run stands, every downloader.progress-seconds. */
    default void progress(Progress progress) {
    }

    /** An item of an open run has ended (once per line). */
    default void ended(String list, ItemResult result) {
    }

    /** A run has ended, with its last figures, its local report file and where the report ends up, for messages. */
    default void finished(Progress last, Path report, String reportAt) {
    }

    /** The daemon's lines for an operator: start, progress and summary, at INFO. */
    static RunListener log(Logger log) {
        return new RunListener() {
            @Override
            public void started(String list, long lines, long items, String images) {
                log.info("{}: started, {} lines, {} items -> {}", list, lines, items, images);
            }

            @Override
            public void progress(Progress progress) {
                log.info(progress.progressLine());
            }

            @Override
            public void finished(Progress last, Path report, String reportAt) {
                log.info("{}, report {}", last.summaryLine(), reportAt);
            }
        };
    }
}
