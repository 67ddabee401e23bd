package org.imagedownloader.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.camel.support.service.ServiceSupport;

/**
 * One process per output folder: two would clean up each other's temporary files at start and keep
 * separate indexes of the same folder. Held from configuration until the context stops.
 */
public final class OutputLock extends ServiceSupport {

    private final FileChannel channel;
    private final FileLock lock;

    public OutputLock(Path output) throws IOException {
        Path file = output.resolve(".image-downloader.lock");
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock taken = channel.tryLock();
        if (taken == null) {
            channel.close();
            throw new IllegalStateException("another image-downloader is already using " + output
                    + " (" + file + " is locked)");
        }
        lock = taken;
    }

    @Override
    protected void doStop() throws IOException {
        lock.release();
        channel.close();
    }
}
