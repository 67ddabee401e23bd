package org.imagedownloader.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.camel.support.service.ServiceSupport;

/**
 * At start, removes reports left half-written by a run that is provably gone: its folder's run lock is
 * free.
 */
public final class AbandonedReports extends ServiceSupport {

    private final Path output;

    public AbandonedReports(Path output) {
        this.output = output;
    }

    @Override
    protected void doStart() throws IOException {
        try (Stream<Path> files = Files.list(output)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(ReportWriter.TEMP_SUFFIX)) {
                    String folderName = name.substring(1, name.length() - ReportWriter.TEMP_SUFFIX.length());
                    Optional<RunLock> lock = RunLock.tryTake(output, folderName);
                    if (lock.isPresent()) {
                        try (RunLock held = lock.get()) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            }
        }
    }
}
