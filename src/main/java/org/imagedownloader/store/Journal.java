package org.imagedownloader.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One reader and writer of a folder's journal file, which every writer of the folder shares, whether
 * threads of one process or processes on several machines (NFS): reads what others appended, and appends
 * whole lines, under the file lock that this process's {@link JournalLeases.Lease} holds.
 */
final class Journal implements Closeable {

    private static final long LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Path file;
    private final JournalLeases.Lease lease;
    private final Entries entries;
    /** Guarded by the lease; reopened if a thread interrupted in a read or write closed it. */
    private volatile FileChannel channel;
    /** Guarded by the lease. */
    private boolean closed;
    /** Guarded by the lease: how deep this thread is in work that holds the journal lock throughout. */
    private int depth;
    /** When the file's size was last looked at without the lock; races are harmless. */
    private volatile long lookedAt;
    /** Guarded by the lease: the file's size at the last catch-up. */
    private long seenSize;
    /** Guarded by the lease: bytes already applied, always just after a newline (or 0). */
    private volatile long applied;

    /** Reads the whole journal into the entries, under the lease's monitor. */
    Journal(Path file, JournalLeases.Lease lease, Entries entries) throws IOException {
        this.file = file;
        this.lease = lease;
        this.entries = entries;
        synchronized (lease) {
            try {
                this.channel = open(file);
            } catch (IOException e) {
                lease.detach();
                throw e;
            }
            try {
                readAppended();
            } catch (RuntimeException e) {
                try {
                    channel.close();
                } finally {
                    lease.detach();
                }
                throw e;
            }
        }
    }

    Path file() {
        return file;
    }

    /**
     * Does the work holding the journal lock, with everything other writers appended read, throughout: a
     * lease that falls due meanwhile is renewed only once the outermost work is done, so no other writer
     * reads the journal in the middle.
     */
    <T> T locked(Supplier<T> work) {
        synchronized (lease) {
            if (depth == 0) {
                try {
                    if (lease.hold(this)) {
                        readAppended(); // nobody outside this process wrote since the lease began; only another index here
                    }
                } catch (IOException e) {
                    throw new StorageException(file, e);
                }
            }
            depth++;
            try {
                return work.get();
            } finally {
                depth--;
            }
        }
    }

    /** Takes the file lock, for the lease. */
    FileLock lock() throws IOException {
        return channel().lock();
    }

    /**
     * Whether other writers may have appended: looked at by path (an interrupted thread would close the
     * channel, and with it the process's lock), and at most every {@link #LOOK_NANOS}, since most items
     * ask. A URL another writer saved a moment ago may be fetched again; publishing then finds it.
     */
    boolean grew() {
        if (!channel.isOpen()) {
            return true;
        }
        long now = System.nanoTime();
        if (now - lookedAt < LOOK_NANOS) {
            return false;
        }
        lookedAt = now;
        try {
            return Files.size(file) > applied;
        } catch (IOException e) {
            return true; // look again under the lock, which reports a real failure
        }
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private FileChannel channel() throws IOException {
        if (closed) {
            throw new IllegalStateException("journal closed: " + file);
        }
        if (!channel.isOpen()) {
            channel = open(file);
        }
        return channel;
    }

    /** Applies what other writers appended since the last look, without waiting for the journal lock. */
    void catchUp() {
        synchronized (lease) {
            readAppended();
        }
    }

    /**
     * Applies what other writers appended since the last look. Only newline-terminated lines count: the
     * last one may still be being written, or was torn by a crash anywhere, even inside a character. Under
     * the monitor.
     */
    private void readAppended() {
        try {
            FileChannel journal = channel();
            long size = journal.size();
            seenSize = size;
            if (size <= applied) {
                return;
            }
            ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(size - applied));
            while (buf.hasRemaining() && journal.read(buf, applied + buf.position()) >= 0) {
                // positional reads until the snapshot is full
            }
            byte[] bytes = buf.array();
            int start = 0;
            for (int i = 0; i < buf.position(); i++) {
                if (bytes[i] == '\n') {
                    entries.apply(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            applied += start;
        } catch (IOException e) {
            throw new StorageException(file, e);
        }
    }

    /**
     * Appends one line at the end, under the journal lock. Bytes after the last applied newline belong to a
     * writer that died mid-line (the lock says nobody is writing now): they are closed off with a tab, so
     * the torn line can never be read as a claim.
     */
    void append(String line) throws IOException {
        FileChannel journal = channel();
        long end = seenSize; // read by the catch-up just before, under the same lock
        String text = end > applied ? "\t\n" + line : line;
        ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        long at = end;
        while (buf.hasRemaining()) {
            at += journal.write(buf, at);
        }
        applied = at;
        seenSize = at;
    }

    /** Closes the file for good, and gives its lease back. */
    @Override
    public void close() throws IOException {
        synchronized (lease) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                // Closing any channel of the journal drops the process's lock on it: the lease goes too.
                lease.giveBack();
            } finally {
                try {
                    channel.close();
                } finally {
                    lease.detach();
                }
            }
        }
    }
}
