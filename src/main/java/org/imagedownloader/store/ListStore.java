package org.imagedownloader.store;

import java.net.URI;
import java.util.Optional;

/**
 * What the per-URL work needs from a list's output, whatever holds it. Its promises, with many writers at
 * once in one process or several: no partial image ever carries a final name; a name given to a URL is
 * never given to another and stays the URL's across runs; nothing it did not write is ever replaced; with
 * dedup, one file per content. Storage failures are {@link StorageException}s.
 */
public interface ListStore {

    /**
     * The file this URL was saved in, under its own name or the name of the file whose bytes it was found to
     * share, by this writer or another, if that file is still there.
     */
    Optional<Saved> existing(URI url);

    /** What the server said of the version of the URL's own file, if it is its own and anything was said. */
    Optional<Validators> validators(URI url, String name);

    /** The sha256 (lowercase hex) of a file of ours, or null for one saved before hashes were kept. */
    String sha256(String name);

    /**
     * A place for bytes on their way in, under no name yet, of the type their first bytes showed (which a
     * store may keep with the image: an object's {@code Content-Type}).
     */
    Upload newUpload(ImageType type);

    /**
     * Gives a complete upload a name for the URL (its own, else the wanted one, else a numbered one), never
     * replacing a file; with {@code dedup}, bytes that a file here holds already are not kept twice and the
     * URL is pointed at that file. Records the hash and what the server said of the version.
     */
    Published publish(URI url, String wanted, Upload upload, String sha256, Validators validators, boolean dedup);

    /**
     * Puts a newer version of the URL's own file in place, in one step that never shows a partial file,
     * and records its hash and validators (a conditional refresh that found a change).
     */
    void replace(URI url, String name, Upload upload, String sha256, Validators validators);

    /** Records validators a server sent anew with the bytes the URL's file holds already; the file stays. */
    void revalidated(URI url, String name, String sha256, Validators validators);
}
