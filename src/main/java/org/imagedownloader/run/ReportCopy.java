package org.imagedownloader.run;

import java.nio.file.Path;

/**
 * Where a finished report is kept besides its file under the output folder: nowhere else for a folder
 * output; in the bucket, beside the list's images, for object storage. A failure is a
 * {@link org.imagedownloader.store.StorageException}, the run's storage problem.
 */
@FunctionalInterface
public interface ReportCopy {

    /** For an output whose report file is where the images are already. */
    ReportCopy NONE = (folder, report) -> { };

    /** Keeps the complete report of the list whose output is named by {@code folder}. */
    void keep(String folder, Path report);
}
