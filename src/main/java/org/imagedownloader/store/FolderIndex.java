package org.imagedownloader.store;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which URL owns which file in a list's folder, kept in a journal beside the folder that every writer
 * shares, whether threads of one process or processes on several machines (NFS). It makes re-runs skip
 * what is already there, keeps names stable across runs, and stops two URLs that want the same name from
 * overwriting each other (or a file the user put there).
 * <p>
 * A claim is made under an exclusive lock on the journal, after reading what other writers appended, so
 * two writers never claim one name for different URLs nor one URL twice. A claim is journalled before its
 * file is linked into place, so a crash in between only leaves a claim whose file is missing, which the
 * next run fetches again under the same name.
 * <p>
 * A claim also records the sha256 of its file's bytes, so the report has it without reading a file again,
 * and a URL whose bytes some file of the folder already holds can be pointed at that file instead of
 * saving a second copy. Journal lines, tab-separated:
 * <ul>
 * <li>{@code url name}: the URL owns the name (a claim made before hashes were kept);
 * <li>{@code url name sha256=HEX [etag=E] [modified=M]}: the same, with the file's content hash and the
 * validators its server sent with it (for a conditional refresh);
 * <li>{@code (empty) name}: the file of that name is not ours;
 * <li>{@code url (empty) sha256=HEX}: the URL's bytes are those of the file with that hash.
 * </ul>
 * Any other line, or one with an empty field (a torn line is closed off with a tab), is torn or of a later
 * kind, and is skipped.
 */
public final class FolderIndex implements Closeable {

    private static final String FOREIGN = "";
    private static final String SHA256 = "sha256=";
    private static final String ETAG = "etag=";
    private static final String MODIFIED = "modified=";

    /** What a server said of a file's version (its ETag and Last-Modified), either may be null. */
    public record Validators(String etag, String modified) {
        /** Only values that fit in a journal field are kept; a server that sent neither gives null. */
        public static Validators of(String etag, String modified) {
            String e = fits(etag);
            String m = fits(modified);
            return e == null && m == null ? null : new Validators(e, m);
        }

        private static String fits(String value) {
            if (value == null || value.isBlank() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
                return null;
            }
            return value.strip();
        }

        String fields() {
            return (etag == null ? "" : '\t' + ETAG + etag) + (modified == null ? "" : '\t' + MODIFIED + modified);
        }
    }

    /**
     * What this process shares about one journal, whichever index of it is used: the monitor that every
     * use of the journal takes, and the lease on its file lock. The file lock belongs to the process, not
     * to a channel, so two indexes of one folder (as tests make, to play two writers) must share both.
     */
    private static final class Journal {
        FileLock lease;
        long leaseSince;
        /** The index that has read everything written under the current lease (it wrote the rest itself). */
        FolderIndex upToDate;

        /** Gives the lease back if it has been held long enough; the timer calls this for idle journals. */
        synchronized void giveBackIfDue() {
            if (lease == null || System.nanoTime() - leaseSince >= LEASE_NANOS) {
                try {
                    giveBack();
                } catch (IOException e) {
                    LOG.warn("Releasing a folder index lock: {}", e.getMessage());
                }
                LEASED.remove(this);
            }
        }

        void giveBack() throws IOException {
            FileLock held = lease;
            lease = null;
            upToDate = null;
            if (held != null && held.isValid()) {
                held.release();
            }
        }
    }

    private static final Map<Path, Journal> JOURNALS = new ConcurrentHashMap<>();

    private static final Logger LOG = LoggerFactory.getLogger(FolderIndex.class);
    private static final long LEASE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Journals whose lock this process holds; a timer gives each lease back once it is due. */
    private static final Set<Journal> LEASED = ConcurrentHashMap.newKeySet();

    static {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "folder-index-leases");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> LEASED.forEach(Journal::giveBackIfDue),
                LEASE_NANOS, LEASE_NANOS, TimeUnit.NANOSECONDS);
    }

    /**
     * What the journal says. Read without the lock by {@link #existingFile} and {@link #sha256}; written
     * only under it.
     */
    private static final class Entries {
        final Map<String, String> nameOfUrl;
        /** A name whose file turned out not to be ours maps to {@link #FOREIGN}. */
        final Map<String, String> urlOfName;
        final Map<String, String> hashOfName;
        /** The file first saved with each content. */
        final Map<String, String> nameOfHash;
        /** URLs whose bytes were found in another URL's file: the hash of that content. */
        final Map<String, String> hashOfUrl;
        final Map<String, Validators> validatorsOfName;

        Entries(boolean shared) {
            nameOfUrl = shared ? new ConcurrentHashMap<>() : new HashMap<>();
            urlOfName = new HashMap<>();
            hashOfName = shared ? new ConcurrentHashMap<>() : new HashMap<>();
            nameOfHash = shared ? new ConcurrentHashMap<>() : new HashMap<>();
            hashOfUrl = shared ? new ConcurrentHashMap<>() : new HashMap<>();
            validatorsOfName = shared ? new ConcurrentHashMap<>() : new HashMap<>();
        }

        void remember(String url, String name) {
            String previous = nameOfUrl.put(url, name);
            if (previous != null) {
                urlOfName.remove(previous, url); // a name found to be foreign stays marked so
            }
            urlOfName.put(name, url);
            hashOfUrl.remove(url);
        }

        /** A name whose file is not ours: no URL owns it, now or after a replay. */
        void foreign(String name) {
            String owner = urlOfName.put(name, FOREIGN);
            if (owner != null) {
                nameOfUrl.remove(owner, name);
            }
            String hash = hashOfName.remove(name);
            if (hash != null) {
                nameOfHash.remove(hash, name);
            }
            validatorsOfName.remove(name);
        }

        void saved(String url, String name, String hash, Validators validators) {
            remember(url, name);
            hashed(name, hash);
            if (validators == null) {
                validatorsOfName.remove(name);
            } else {
                validatorsOfName.put(name, validators);
            }
        }

        void hashed(String name, String hash) {
            String previous = hashOfName.put(name, hash);
            if (previous != null && !previous.equals(hash)) {
                nameOfHash.remove(previous, name);
            }
            nameOfHash.putIfAbsent(hash, name);
        }

        void sameAs(String url, String hash) {
            hashOfUrl.put(url, hash);
        }

        /** The file of a URL's own, or of the content it was found to share. */
        String nameOf(String url) {
            String name = nameOfUrl.get(url);
            if (name == null) {
                String hash = hashOfUrl.get(url);
                name = hash == null ? null : nameOfHash.get(hash);
            }
            return name;
        }

        void putAll(Entries other) {
            nameOfUrl.putAll(other.nameOfUrl);
            urlOfName.putAll(other.urlOfName);
            hashOfName.putAll(other.hashOfName);
            nameOfHash.putAll(other.nameOfHash);
            hashOfUrl.putAll(other.hashOfUrl);
            validatorsOfName.putAll(other.validatorsOfName);
        }

        void clear() {
            nameOfUrl.clear();
            urlOfName.clear();
            hashOfName.clear();
            nameOfHash.clear();
            hashOfUrl.clear();
            validatorsOfName.clear();
        }
    }

    private final Path folder;
    private final Path journalFile;
    private final Journal monitor;
    private final Entries entries = new Entries(true);
    /** Guarded by the monitor; reopened when the index is used after {@link #close}. */
    private volatile FileChannel journal;
    /** When the journal's size was last looked at without the lock; races are harmless. */
    private volatile long lookedAt;
    /** Guarded by the monitor: the journal's size at the last catch-up. */
    private long seenSize;
    /** Guarded by the monitor: journal bytes already applied, always just after a newline (or 0). */
    private volatile long applied;

    public FolderIndex(Path folder, Path journalFile) throws IOException {
        this.folder = folder;
        this.journalFile = journalFile;
        this.monitor = JOURNALS.computeIfAbsent(journalFile.toAbsolutePath().normalize(), p -> new Journal());
        synchronized (monitor) {
            this.journal = open(journalFile);
            try {
                catchUp();
            } catch (RuntimeException e) {
                journal.close();
                throw e;
            }
        }
    }

    /**
     * The file this URL was saved to, or whose bytes it was found to share, by this writer or another, if
     * it is still there.
     */
    public Optional<String> existingFile(URI url) {
        String key = url.toString();
        String name = entries.nameOf(key);
        if (name == null && journalGrew()) {
            synchronized (monitor) {
                catchUp();
            }
            name = entries.nameOf(key);
        }
        return name != null && Files.isRegularFile(folder.resolve(name)) ? Optional.of(name) : Optional.empty();
    }

    /** The sha256 (lowercase hex) of a file of ours, or null for one saved before hashes were kept. */
    public String sha256(String name) {
        return entries.hashOfName.get(name);
    }

    /** What the server said of the version of the URL's own file, if it is its own and anything was said. */
    public Optional<Validators> validators(URI url, String name) {
        return name.equals(entries.nameOfUrl.get(url.toString()))
                ? Optional.ofNullable(entries.validatorsOfName.get(name)) : Optional.empty();
    }

    /** A name for a URL, and whether this writer claimed it just now or found the URL owning it already. */
    record Claim(String name, boolean fresh, boolean duplicate) {
    }

    /** Where a URL's bytes ended up: under its own name, or in a file that held the same bytes already. */
    public record Published(String name, boolean duplicate) {
    }

    /**
     * Gives a complete temporary file the URL's name in the folder, never replacing a file: a hard link
     * fails if the name exists (a rename would silently overwrite a file the user put there). With
     * {@code dedup}, bytes that a file of the folder already holds (the same sha256 and size) are not kept
     * twice: the URL is pointed at that file. The temporary file is gone afterwards.
     */
    public Published publish(URI url, String wanted, Content content) {
        Claim claim = reserve(url, wanted, content);
        if (claim.duplicate()) {
            delete(content.temp());
            return new Published(claim.name(), true);
        }
        return new Published(link(url, wanted, claim, content.withoutDedup()), false);
    }

    /**
     * A complete temporary file, its hash, what its server said of its version (or null), and whether the
     * folder may already hold its bytes instead.
     */
    public record Content(Path temp, String sha256, Validators validators, boolean dedup) {
        Content withoutDedup() {
            return new Content(temp, sha256, validators, false);
        }
    }

    /**
     * Puts a newer version of a URL's own file in place, in one atomic rename over the old one, which stays
     * whole until then; the journal then holds the new hash and validators. The file moves first: a crash
     * in between leaves old validators beside new bytes, which only costs a fetch, never a stale file kept.
     */
    public void replace(URI url, String name, Content content) {
        Path target = folder.resolve(name);
        synchronized (monitor) {
            try {
                hold(); // no other writer reads the journal between the move and its line
            } catch (IOException e) {
                throw new StorageException(journalFile, e);
            }
            try {
                Files.move(content.temp(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new StorageException(target, e);
            }
            try {
                journalSaved(url.toString(), name, content);
            } catch (IOException e) {
                throw new StorageException(journalFile, e);
            }
        }
    }

    /**
     * Links the temporary file under the claimed name. A name found taken that the URL owned before this
     * attempt, or that holds the very same bytes, is the URL's own image, saved meanwhile by another writer
     * given the same item: ours is dropped, and no {@code name-2} twin appears. A name we had just claimed
     * that holds other bytes is someone else's file, and the URL moves on to the next free name. A file
     * system provider without hard links gets a plain move, which also refuses to replace (Linux
     * vfat/exFAT refuse links with EPERM instead, a storage error).
     */
    String link(URI url, String wanted, Claim claim, Content content) {
        Path temp = content.temp();
        while (true) {
            Path target = folder.resolve(claim.name());
            try {
                try {
                    Files.createLink(target, temp);
                    Files.delete(temp);
                } catch (UnsupportedOperationException e) {
                    Files.move(temp, target);
                }
                if (!claim.fresh()) {
                    record(url, claim.name(), content); // fetched again under a name claimed before
                }
                return claim.name();
            } catch (FileAlreadyExistsException e) {
                if (!claim.fresh() || sameBytes(target, temp)) {
                    delete(temp);
                    return claim.name();
                }
                claim = occupied(url, claim.name(), wanted, content);
            } catch (IOException e) {
                throw new StorageException(target, e);
            }
        }
    }

    private static boolean sameBytes(Path existing, Path temp) {
        try {
            return Files.isRegularFile(existing) && Files.mismatch(existing, temp) == -1;
        } catch (IOException e) {
            throw new StorageException(existing, e);
        }
    }

    /**
     * Reserves a file name for a URL: the one it has already, else the wanted name, else the first of
     * name-2, name-3, ... that no URL owns and no file occupies.
     */
    String claim(URI url, String wanted) {
        return reserve(url, wanted, null).name();
    }

    /**
     * Reserves a name for a URL; with content to dedup, first looks for a file that holds its bytes
     * already, under the same lock, so two URLs with the same bytes finishing at once keep one file.
     */
    Claim reserve(URI url, String wanted, Content content) {
        String key = url.toString();
        String owned = entries.nameOfUrl.get(key);
        if (owned != null) {
            return new Claim(owned, false, false);
        }
        synchronized (monitor) {
            try {
                hold();
                owned = entries.nameOfUrl.get(key);
                if (owned != null) {
                    return new Claim(owned, false, false);
                }
                String same = content != null && content.dedup() ? holder(content) : null;
                if (same != null) {
                    append(key + "\t\t" + SHA256 + content.sha256() + '\n');
                    entries.sameAs(key, content.sha256());
                    return new Claim(same, false, true);
                }
                String name = wanted;
                for (int n = 2; entries.urlOfName.containsKey(name) || Files.exists(folder.resolve(name)); n++) {
                    name = FileNamer.numbered(wanted, n);
                }
                if (content == null) {
                    append(key + '\t' + name + '\n');
                    entries.remember(key, name);
                } else {
                    journalSaved(key, name, content);
                }
                return new Claim(name, true, false);
            } catch (IOException e) {
                throw new StorageException(journalFile, e);
            }
        }
    }

    /**
     * The file that holds these bytes already, if it is still there and holds them still (the user may have
     * changed it since): compared byte for byte, which only content that looks the same ever costs.
     */
    private String holder(Content content) throws IOException {
        String name = entries.nameOfHash.get(content.sha256());
        if (name == null) {
            return null;
        }
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            entries.nameOfHash.remove(content.sha256(), name); // gone: the next file with these bytes holds them
            return null;
        }
        return Files.size(file) == Files.size(content.temp()) && Files.mismatch(file, content.temp()) == -1 ? name : null;
    }

    /** Records validators a server sent anew with bytes the URL's file holds already (the file stays as it is). */
    public void revalidated(URI url, String name, Content content) {
        if (!Objects.equals(content.validators(), entries.validatorsOfName.get(name))) {
            record(url, name, content);
        }
    }

    /** Journals that the URL owns the name, with its file's hash and validators; under the journal lock. */
    private void journalSaved(String url, String name, Content content) throws IOException {
        append(url + '\t' + name + '\t' + SHA256 + content.sha256()
                + (content.validators() == null ? "" : content.validators().fields()) + '\n');
        entries.saved(url, name, content.sha256(), content.validators());
    }

    /** Journals, under the journal lock, what a URL's file holds now. */
    private void record(URI url, String name, Content content) {
        synchronized (monitor) {
            try {
                hold();
                journalSaved(url.toString(), name, content);
            } catch (IOException e) {
                throw new StorageException(journalFile, e);
            }
        }
    }

    /**
     * The URL's fresh name was taken by a file that is not ours: journalled as foreign (a line with no URL)
     * before the URL claims again, so a crash in between never replays the URL as owning that file.
     */
    private Claim occupied(URI url, String taken, String wanted, Content content) {
        synchronized (monitor) {
            try {
                hold();
                append('\t' + taken + '\n');
                entries.foreign(taken);
            } catch (IOException e) {
                throw new StorageException(journalFile, e);
            }
        }
        return reserve(url, wanted, content);
    }

    /**
     * Makes sure this process holds the journal lock and has read everything appended before it got it.
     * The lock is kept as a lease for up to {@link #LEASE_NANOS}, then given back and taken again, which
     * lets a writer waiting in another process in, and the timer gives it back once idle: a file lock
     * taken and given back per image would cost more than the rest of the bookkeeping together.
     */
    private void hold() throws IOException {
        long now = System.nanoTime();
        if (monitor.lease == null || !monitor.lease.isValid() || now - monitor.leaseSince >= LEASE_NANOS) {
            monitor.giveBack();
            monitor.lease = channel().lock();
            monitor.leaseSince = now;
            monitor.upToDate = null;
            LEASED.add(monitor);
        }
        if (monitor.upToDate != this) {
            catchUp(); // nobody outside this process has written since the lease began; only another index here
            monitor.upToDate = this;
        }
    }

    /**
     * Whether other writers may have appended: looked at by path (an interrupted thread would close the
     * channel, and with it the process's lock), and at most every {@link #LOOK_NANOS}, since most items
     * ask. A URL another writer saved a moment ago may be fetched again; publishing then finds it.
     */
    private boolean journalGrew() {
        if (!journal.isOpen()) {
            return true;
        }
        long now = System.nanoTime();
        if (now - lookedAt < LOOK_NANOS) {
            return false;
        }
        lookedAt = now;
        try {
            return Files.size(journalFile) > applied;
        } catch (IOException e) {
            return true; // look again under the lock, which reports a real failure
        }
    }

    private static FileChannel open(Path journalFile) throws IOException {
        return FileChannel.open(journalFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private FileChannel channel() throws IOException {
        if (!journal.isOpen()) {
            journal = open(journalFile);
        }
        return journal;
    }

    /**
     * Applies what other writers appended since the last look. Only newline-terminated lines count: the
     * last one may still be being written, or was torn by a crash anywhere, even inside a character. A
     * whole journal (a first look, or after {@link #close}) is replayed aside and only its final state is
     * published, so a reader without the lock never sees a claim that a later line withdrew.
     */
    private void catchUp() {
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
            boolean replay = applied == 0;
            Entries into = replay ? new Entries(false) : entries;
            byte[] bytes = buf.array();
            int start = 0;
            for (int i = 0; i < buf.position(); i++) {
                if (bytes[i] == '\n') {
                    apply(into, new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (replay) {
                entries.putAll(into);
            }
            applied += start;
        } catch (IOException e) {
            throw new StorageException(journalFile, e);
        }
    }

    /** One journal line; a blank one, a torn one closed off by a later writer, or one of a later kind is skipped. */
    private static void apply(Entries into, String line) {
        String[] f = line.split("\t", -1);
        if (f.length == 2 && !f[1].isEmpty()) {
            if (f[0].isEmpty()) {
                into.foreign(f[1]);
            } else {
                into.remember(f[0], f[1]);
            }
        } else if (f.length == 3 && !f[0].isEmpty() && f[1].isEmpty() && isHash(f[2])) {
            into.sameAs(f[0], f[2].substring(SHA256.length()));
        } else if (f.length >= 3 && f.length <= 5 && !f[0].isEmpty() && !f[1].isEmpty() && isHash(f[2])) {
            String etag = null;
            String modified = null;
            for (int i = 3; i < f.length; i++) {
                if (f[i].startsWith(ETAG) && f[i].length() > ETAG.length()) {
                    etag = f[i].substring(ETAG.length());
                } else if (f[i].startsWith(MODIFIED) && f[i].length() > MODIFIED.length()) {
                    modified = f[i].substring(MODIFIED.length());
                } else {
                    return;
                }
            }
            into.saved(f[0], f[1], f[2].substring(SHA256.length()), Validators.of(etag, modified));
        }
    }

    private static boolean isHash(String field) {
        if (field.length() != SHA256.length() + 64 || !field.startsWith(SHA256)) {
            return false;
        }
        for (int i = SHA256.length(); i < field.length(); i++) {
            char c = field.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Appends one line at the end, under the journal lock. Bytes after the last applied newline belong to a
     * writer that died mid-line (the lock says nobody is writing now): they are closed off with a tab, so
     * the torn line can never be read as a claim.
     */
    private void append(String line) throws IOException {
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

    private static void delete(Path temp) {
        try {
            Files.delete(temp);
        } catch (IOException e) {
            throw new StorageException(temp, e);
        }
    }

    /**
     * Closes the journal and forgets what was read from it; the index stays usable and reads the journal
     * again at its next use, so whoever still holds it never needs a second index of the same folder.
     */
    @Override
    public void close() throws IOException {
        synchronized (monitor) {
            try {
                // Closing any channel of the journal drops the process's lock on it: the lease goes too.
                monitor.giveBack();
                LEASED.remove(monitor);
                journal.close();
            } finally {
                entries.clear();
                applied = 0;
            }
        }
    }
}
