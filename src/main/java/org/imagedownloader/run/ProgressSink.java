package org.imagedownloader.run;

import java.nio.file.Path;
import org.slf4j.Logger;

/** Receives the three kinds of lines an operator sees for a list: start, progress, summary. */
public interface ProgressSink {

    void started(String list, long lines, long items, Path folder);

    void progress(Progress progress);

    void finished(Progress last, Path report);

    static ProgressSink log(Logger log) {
        return new ProgressSink() {
            @Override
            public void started(String list, long lines, long items, Path folder) {
                log.info("{}: started, {} lines, {} items -> {}", list, lines, items, folder);
            }

            @Override
            public void progress(Progress progress) {
                log.info(progress.progressLine());
            }

            @Override
            public void finished(Progress last, Path report) {
                log.info("{}, report {}", last.summaryLine(), report);
            }
        };
    }
}
