package org.imagedownloader.run;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One run per list folder at a time, across threads and processes: an exclusive lock on
 * {@code .<folder>.lock} beside the folder, held from opening the list until it is archived. Two runs
 * writing one report would spoil it; a second daemon on the same inbox leaves a taken list alone.
 */
final class RunLock implements Closeable {

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static Path file(Path output, String folderName) {
        return output.resolve("." + folderName + ".lock");
    }

    /** The lock, or empty when another run (of this process or another) holds it. */
    static Optional<RunLock> tryTake(Path output, String folderName) throws IOException {
        FileChannel channel = FileChannel.open(file(output, folderName), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new RunLock(channel, lock));
            }
        } catch (OverlappingFileLockException e) {
            // held by another run of this process
        }
        channel.close();
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
