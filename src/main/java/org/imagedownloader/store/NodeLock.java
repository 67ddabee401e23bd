package org.imagedownloader.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.support.service.ServiceSupport;

/**
 * This process's mark of life in the output folder: an exclusive lock on a file named after its writer
 * tag, held until the context stops. Another process may remove a writer's temporary files only once it
 * can take that lock itself, i.e. once the writer is provably gone (the OS drops the lock of a dead
 * process; NFS drops it when the client's lease ends).
 */
public final class NodeLock extends ServiceSupport {

    static final String DIR = ".image-downloader";

    /** Tags of this process's own node locks: never opened a second time, which would release them. */
    private static final Set<String> HELD = ConcurrentHashMap.newKeySet();

    private final String tag;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    public NodeLock(Path output) throws IOException {
        this.tag = Long.toHexString(ProcessHandle.current().pid()) + "-" + Long.toHexString(System.currentTimeMillis());
        Path dir = Files.createDirectories(output.resolve(DIR));
        this.file = dir.resolve(tag + ".lock");
        // Locked under another name, then moved into place with its lock: a lock file that others can see
        // is never unlocked, not even for the moment between creating and locking it.
        Path fresh = dir.resolve(tag + ".new");
        this.channel = FileChannel.open(fresh, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.lock = channel.lock();
        Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE);
        HELD.add(tag);
    }

    /** The tag in this process's temporary file names. */
    public String tag() {
        return tag;
    }

    /**
     * Whether the writer of the tag is gone: its lock file is missing (an older version, or cleaned
     * already) or can be locked now. A dead writer's lock file is removed.
     */
    static boolean isGone(Path output, String tag) throws IOException {
        if (HELD.contains(tag)) {
            return false;
        }
        Path file = output.resolve(DIR).resolve(tag + ".lock");
        if (!Files.exists(file)) {
            return true;
        }
        try (FileChannel other = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock taken = other.tryLock();
            if (taken == null) {
                return false;
            }
            Files.deleteIfExists(file);
            taken.release();
            return true;
        } catch (NoSuchFileException e) {
            return true; // cleaned by another process meanwhile
        } catch (AccessDeniedException e) {
            return false; // another user's writer: not ours to judge
        }
    }

    @Override
    protected void doStop() throws IOException {
        HELD.remove(tag);
        Files.deleteIfExists(file);
        lock.release();
        channel.close();
    }
}
