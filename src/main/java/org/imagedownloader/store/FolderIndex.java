package org.imagedownloader.store;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/**
 * Which URL owns which file in a list's folder, kept in a {@link Journal} beside the folder. It makes
 * re-runs skip what is already there, keeps names stable across runs, and stops two URLs that want the
 * same name from overwriting each other (or a file the user put there).
 * <p>
 * A claim is made under an exclusive lock on the journal, after reading what other writers appended, so
 * two writers never claim one name for different URLs nor one URL twice. A claim is journalled before its
 * file is linked into place, so a crash in between only leaves a claim whose file is missing, which the
 * next run fetches again under the same name. The lock is kept from the content check to the link, so a
 * writer here or in another process never sees a claim whose file is still on its way.
 * <p>
 * A claim also records the sha256 of its file's bytes, so the report has it without reading a file again,
 * and a URL whose bytes some file of the folder already holds can be pointed at that file instead of
 * saving a second copy.
 */
final class FolderIndex implements Closeable {

    private final Path folder;
    private final Entries entries = new Entries();
    private final Journal journal;

    FolderIndex(Path folder, Path journalFile, JournalLeases leases) throws IOException {
        this.folder = folder;
        this.journal = new Journal(journalFile, leases.of(journalFile), entries);
    }

    /**
     * The file this URL was saved to, or whose bytes it was found to share, by this writer or another, if
     * it is still there.
     */
    Optional<String> existingFile(URI url) {
        String key = url.toString();
        String name = entries.nameOf(key);
        if (name == null && journal.grew()) {
            journal.catchUp();
            name = entries.nameOf(key);
        }
        return name != null && Files.isRegularFile(folder.resolve(name)) ? Optional.of(name) : Optional.empty();
    }

    /** The sha256 (lowercase hex) of a file of ours, or null for one saved before hashes were kept. */
    String sha256(String name) {
        return entries.hashOfName.get(name);
    }

    /** What the server said of the version of the URL's own file, if it is its own and anything was said. */
    Optional<Validators> validators(URI url, String name) {
        return name.equals(entries.nameOfUrl.get(url.toString()))
                ? Optional.ofNullable(entries.validatorsOfName.get(name)) : Optional.empty();
    }

    /** A name for a URL, and whether this writer claimed it just now or found the URL owning it already. */
    record Claim(String name, boolean fresh, boolean duplicate) {
    }

    /**
     * A complete temporary file, its hash, what its server said of its version (or null), and whether the
     * folder may already hold its bytes instead.
     */
    record Content(Path temp, String sha256, Validators validators, boolean dedup) {
        Content withoutDedup() {
            return new Content(temp, sha256, validators, false);
        }
    }

    /**
     * Gives a complete temporary file the URL's name in the folder, never replacing a file: a hard link
     * fails if the name exists (a rename would silently overwrite a file the user put there). With
     * {@code dedup}, bytes that a file of the folder already holds (the same sha256 and size) are not kept
     * twice: the URL is pointed at that file, whether it was saved long ago or a moment ago by another
     * writer with the same bytes. The temporary file is gone afterwards.
     */
    Published publish(URI url, String wanted, Content content) {
        return journal.locked(() -> {
            Claim claim = reserve(url, wanted, content);
            if (claim.duplicate()) {
                delete(content.temp());
                return new Published(claim.name(), true);
            }
            return new Published(link(url, wanted, claim, content.withoutDedup()), false);
        });
    }

    /**
     * Puts a newer version of a URL's own file in place, in one atomic rename over the old one, which stays
     * whole until then; the journal then holds the new hash and validators. The file moves first: a crash
     * in between leaves old validators beside new bytes, which only costs a fetch, never a stale file kept.
     */
    void replace(URI url, String name, Content content) {
        Path target = folder.resolve(name);
        journal.locked(() -> { // no other writer reads the journal between the move and its line
            try {
                Files.move(content.temp(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new StorageException(target, e);
            }
            journalSaved(url.toString(), name, content.sha256(), content.validators());
            return name;
        });
    }

    /** Records validators a server sent anew with bytes the URL's file holds already (the file stays as it is). */
    void revalidated(URI url, String name, String sha256, Validators validators) {
        if (!Objects.equals(validators, entries.validatorsOfName.get(name))) {
            record(url, name, sha256, validators);
        }
    }

    /**
     * Links the temporary file under the claimed name. A name found taken that the URL owned before this
     * attempt is the URL's own image, saved meanwhile by another writer given the same item: ours is
     * dropped, and no {@code name-2} twin appears. A name we had just claimed that is found taken holds a
     * file no URL owns (the user's, whatever its bytes), and the URL moves on to the next free name. A file
     * system provider without hard links gets a plain move, which also refuses to replace (Linux
     * vfat/exFAT refuse links with EPERM instead, a storage error).
     */
    String link(URI url, String wanted, Claim claim, Content content) {
        return journal.locked(() -> linkLocked(url, wanted, claim, content));
    }

    private String linkLocked(URI url, String wanted, Claim claim, Content content) {
        Path temp = content.temp();
        while (true) {
            Path target = folder.resolve(claim.name());
            try {
                try {
                    Files.createLink(target, temp);
                    delete(temp);
                } catch (UnsupportedOperationException e) {
                    Files.move(temp, target);
                }
                if (!claim.fresh()) {
                    record(url, claim.name(), content.sha256(), content.validators()); // fetched again under a name claimed before
                }
                return claim.name();
            } catch (FileAlreadyExistsException e) {
                if (!claim.fresh()) {
                    delete(temp);
                    return claim.name();
                }
                claim = occupied(url, claim.name(), wanted, content);
            } catch (IOException e) {
                throw new StorageException(target, e);
            }
        }
    }

    /**
     * Reserves a name for a URL: the one it has already, else the wanted name, else the first of name-2,
     * name-3, ... that no URL owns and no file occupies. With content to dedup, first looks for a file that
     * holds its bytes already, under the same lock, so two URLs with the same bytes finishing at once keep
     * one file.
     */
    Claim reserve(URI url, String wanted, Content content) {
        String key = url.toString();
        String owned = entries.nameOfUrl.get(key);
        if (owned != null) {
            return new Claim(owned, false, false);
        }
        return journal.locked(() -> {
            String own = entries.nameOfUrl.get(key);
            if (own != null) {
                return new Claim(own, false, false);
            }
            try {
                String same = content.dedup() ? holder(content) : null;
                if (same != null) {
                    journal.append(Entries.sameAsLine(key, content.sha256()));
                    entries.sameAs(key, content.sha256());
                    return new Claim(same, false, true);
                }
                // A name a file holds is passed by before it is claimed: a claim journalled on a user's file
                // would, after a crash before its foreign line, make the URL that file's owner.
                String name = wanted;
                for (int n = 2; entries.urlOfName.containsKey(name) || Files.exists(folder.resolve(name)); n++) {
                    name = FileNamer.numbered(wanted, n);
                }
                journalSaved(key, name, content.sha256(), content.validators());
                return new Claim(name, true, false);
            } catch (IOException e) {
                throw new StorageException(journal.file(), e);
            }
        });
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

    /** Journals that the URL owns the name, with its file's hash and validators; under the journal lock. */
    private void journalSaved(String url, String name, String sha256, Validators validators) {
        try {
            journal.append(Entries.savedLine(url, name, sha256, validators));
        } catch (IOException e) {
            throw new StorageException(journal.file(), e);
        }
        entries.saved(url, name, sha256, validators);
    }

    /** Journals, under the journal lock, what a URL's file holds now. */
    private void record(URI url, String name, String sha256, Validators validators) {
        journal.locked(() -> {
            journalSaved(url.toString(), name, sha256, validators);
            return name;
        });
    }

    /**
     * The URL's fresh name was taken by a file that is not ours: journalled as foreign (a line with no URL)
     * before the URL claims again, so a crash in between never replays the URL as owning that file.
     */
    private Claim occupied(URI url, String taken, String wanted, Content content) {
        return journal.locked(() -> {
            try {
                journal.append(Entries.foreignLine(taken));
            } catch (IOException e) {
                throw new StorageException(journal.file(), e);
            }
            entries.foreign(taken);
            return reserve(url, wanted, content);
        });
    }

    /**
     * Removes a temporary file in one unlink ({@link Files#delete} first looks at the path to choose between
     * unlink and rmdir); only a failure, or a file system other than the default, goes through it.
     */
    private static void delete(Path temp) {
        if (temp.getFileSystem() != FileSystems.getDefault() || !temp.toFile().delete()) {
            try {
                Files.delete(temp);
            } catch (IOException e) {
                throw new StorageException(temp, e);
            }
        }
    }

    /** Closes the journal for good; the index is not used afterwards. */
    @Override
    public void close() throws IOException {
        journal.close();
    }
}
