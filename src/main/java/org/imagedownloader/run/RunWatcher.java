package org.imagedownloader.run;

import java.nio.file.Path;
import org.imagedownloader.message.ItemResult;

/** Who else hears how the runs go: the operator's view. */
public interface RunWatcher {

    /** An item of an open run has ended (once per line). */
    void ended(String list, ItemResult result);

    /** A run has ended, with its last figures and its report. */
    void finished(Progress last, Path report);

    RunWatcher NONE = new RunWatcher() {
        @Override
        public void ended(String list, ItemResult result) {
        }

        @Override
        public void finished(Progress last, Path report) {
        }
    };
}
