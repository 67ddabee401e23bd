package org.imagedownloader.run;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run per list folder at a time, across threads and processes: an exclusive lock on
 * {@code .<folder>.lock} beside the folder, held from opening the list until it is archived. Two runs
 * writing one report would spoil it; a second daemon on the same inbox leaves a taken list alone.
 */
final class RunLock implements Closeable {

    /**
     * Folders this process holds. Checked before any channel is opened: closing a second channel on a file
     * would release this process's lock on it (locks belong to the process, not the channel).
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    static Path file(Path output, String folderName) {
        return output.resolve("." + folderName + ".lock");
    }

    /** The lock, or empty when another run (of this process or another) holds it. */
    static Optional<RunLock> tryTake(Path output, String folderName) throws IOException {
        Path file = file(output, folderName).toAbsolutePath().normalize();
        if (!HELD.add(file)) {
            return Optional.empty(); // another run of this process
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new RunLock(file, channel, lock));
            }
            channel.close();
        } catch (IOException | RuntimeException e) {
            HELD.remove(file);
            if (channel != null) {
                channel.close(); // never left for the garbage collector, whose close could come at any time
            }
            throw e;
        }
        HELD.remove(file);
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            HELD.remove(file);
        }
    }
}
