package org.imagedownloader.run;

import java.nio.file.Path;

/**
 * Where a list's output ends up besides the local files of its run: for a folder output, its report file is
 * where the images are already; for object storage, the report is also kept in the bucket, beside the list's
 * images. It names both places for the operator's messages. A failure to keep is a
 * {@link org.imagedownloader.store.StorageException}, the run's storage problem.
 */
public interface ReportCopy {

    /** Keeps the complete report of the list whose output is named by {@code folder}. */
    void keep(String folder, Path report);

    /** Where the images of the list whose output is named by {@code folder} go, for messages. */
    String images(String folder);

    /** Where that list's report ends up, for messages. */
    String report(String folder);

    /** The folder output: the report is kept where it is written, and both are named by their paths. */
    static ReportCopy none(Path output) {
        return new ReportCopy() {
            @Override
            public void keep(String folder, Path report) {
            }

            @Override
            public String images(String folder) {
                return output.resolve(folder).toString();
            }

            @Override
            public String report(String folder) {
                return output.resolve(folder + ".report.csv").toString();
            }
        };
    }
}
