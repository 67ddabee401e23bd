package org.imagedownloader.store.s3;

import java.net.URI;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.imagedownloader.store.FileNamer;
import org.imagedownloader.store.ImageType;
import org.imagedownloader.store.ListStore;
import org.imagedownloader.store.Published;
import org.imagedownloader.store.Saved;
import org.imagedownloader.store.Upload;
import org.imagedownloader.store.Validators;
import org.imagedownloader.store.s3.Claims.UrlClaim;

/**
 * A list's output in a bucket: images at {@code PREFIX/<list>/<name>}, the {@link Claims} saying which
 * URL owns which name beside them. The folder output's promises hold with any number of writers in any
 * number of processes, with no lock: every step that decides between URLs is a conditional creation, which
 * exactly one writer wins, and every claim is made before the image it names.
 * <ul>
 * <li>One object per URL: a URL's claim is created once; every writer of the URL, now or in a later run,
 * follows it to the same name, and an image is only ever put under its URL's name.
 * <li>A name is never given to two URLs: a name claim is created before its URL claim names it.
 * <li>Nothing is ever replaced but a URL's own image by its newer version: images are created with
 * {@code If-None-Match: *}; one refused (412) that is not the URL's own (its metadata names another URL,
 * or none) is someone else's, and the URL moves on to the next name, as the folder's hard link does.
 * <li>No partial image under a name: a PUT, and a multipart upload's completion, show an object whole.
 * <li>A crash between a claim and its image leaves a claim whose image is missing: the next run fetches
 * the URL again and puts it under the same name.
 * <li>With dedup, one image per content: the first image saved with some bytes becomes their holder by a
 * conditional creation; a URL whose bytes some image holds already is pointed at it, and a writer that
 * lost the race for the holder drops the image it had just created.
 * </ul>
 */
final class ListBucket implements ListStore {

    private final S3Objects objects;
    private final Claims claims;
    /** The key prefix of the list's images, ending in a slash. */
    private final String images;
    private final Function<ImageType, Spool> spools;

    ListBucket(S3Objects objects, Claims claims, String images, Function<ImageType, Spool> spools) {
        this.objects = objects;
        this.claims = claims;
        this.images = images;
        this.spools = spools;
    }

    @Override
    public Optional<Saved> existing(URI url) {
        UrlClaim claim = claims.ofUrl(url);
        if (claim == null) {
            return Optional.empty();
        }
        if (claim.name() == null) {
            return Optional.ofNullable(holder(claim.same())); // the holder's own content is checked there
        }
        // The claim names the URL's name before the image is placed: a writer killed before it moved the
        // claim on from a name found taken leaves it naming someone else's object, which is not the URL's.
        S3Objects.Head head = objects.head(images + claim.name());
        return head != null && FileNamer.sha256Hex(url.toString()).equals(head.urlSha256())
                ? Optional.of(new Saved(claim.name(), head.size(), head.sha256())) : Optional.empty();
    }

    @Override
    public Optional<Validators> validators(URI url, String name) {
        UrlClaim claim = claims.ofUrl(url);
        return claim != null && name.equals(claim.name()) ? Optional.ofNullable(claim.validators()) : Optional.empty();
    }

    @Override
    public String sha256(String name) {
        S3Objects.Head head = objects.head(images + name);
        return head == null ? null : head.sha256();
    }

    @Override
    public Upload newUpload(ImageType type) {
        return spools.apply(type);
    }

    @Override
    public Published publish(URI url, String wanted, Upload upload, String sha256, Validators validators, boolean dedup) {
        Spool spool = Spool.of(upload);
        while (true) {
            UrlClaim own = claims.ofUrl(url);
            if (own != null && own.name() != null) {
                // Claimed before (an earlier run, or another writer given the same item): that name, always.
                String name = place(url, wanted, own.name(), spool, sha256, validators);
                if (!UrlClaim.saved(name, sha256, validators).equals(own)) {
                    claims.put(url, UrlClaim.saved(name, sha256, validators));
                }
                return dedup ? keepOnce(url, name, sha256) : new Published(name, false);
            }
            Saved same = own == null && dedup ? holder(sha256) : null;
            if (same != null) {
                if (claims.create(url, UrlClaim.sameAs(sha256))) {
                    return new Published(same.name(), true);
                }
                continue; // another writer of this URL claimed it first: follow its claim
            }
            String name = claimName(url, wanted, Set.of());
            UrlClaim claim = UrlClaim.saved(name, sha256, validators);
            if (own == null && !claims.create(url, claim)) {
                continue;
            }
            if (own != null) {
                claims.put(url, claim); // the content it shared is gone: the URL needs an image of its own
            }
            name = place(url, wanted, name, spool, sha256, validators);
            return dedup ? keepOnce(url, name, sha256) : new Published(name, false);
        }
    }

    /**
     * Creates the image under the URL's name. A name found taken holds the URL's own image, put by another
     * writer given the same item, or someone else's object: then the URL claims the next free name.
     */
    private String place(URI url, String wanted, String name, Spool spool, String sha256, Validators validators) {
        String urlSha256 = FileNamer.sha256Hex(url.toString());
        Set<String> occupied = new HashSet<>();
        while (!objects.create(images + name, spool, sha256, urlSha256)) {
            S3Objects.Head there = objects.head(images + name);
            if (there != null && urlSha256.equals(there.urlSha256())) {
                return name;
            }
            if (there != null) {
                occupied.add(name);
                name = claimName(url, wanted, occupied);
                claims.put(url, UrlClaim.saved(name, sha256, validators));
            }
        }
        return name;
    }

    /**
     * The image just put under the URL's name becomes the holder of its bytes, unless another image holds
     * them already (saved at the same moment by another writer): then the URL is pointed at that one and
     * its own copy is removed, so the content is kept once.
     */
    private Published keepOnce(URI url, String name, String sha256) {
        if (claims.createHolder(sha256, name)) {
            return new Published(name, false);
        }
        Saved holder = holder(sha256);
        if (holder == null) {
            claims.putHolder(sha256, name); // the holder is gone: this image holds the bytes now
            return new Published(name, false);
        }
        if (holder.name().equals(name)) {
            return new Published(name, false);
        }
        // The copy goes first: a writer killed in between leaves a claim naming a missing image, which the
        // next run fetches again and finds a duplicate, where the other order would leave an orphan object.
        objects.delete(images + name);
        claims.put(url, UrlClaim.sameAs(sha256));
        return new Published(holder.name(), true);
    }

    /** The image that holds these bytes, if it is there and holds them still (the user may have changed it). */
    private Saved holder(String sha256) {
        String name = claims.holder(sha256);
        if (name == null) {
            return null;
        }
        S3Objects.Head head = objects.head(images + name);
        return head != null && Objects.equals(sha256, head.sha256()) ? new Saved(name, head.size(), sha256) : null;
    }

    /** The URL's wanted name, else name-2, name-3, ...: the first one no other URL owns and not found occupied. */
    private String claimName(URI url, String wanted, Set<String> occupied) {
        for (int n = 1; ; n++) {
            String name = FileNamer.numbered(wanted, n);
            if (!occupied.contains(name) && claims.claimName(name, url)) {
                return name;
            }
        }
    }

    @Override
    public void replace(URI url, String name, Upload upload, String sha256, Validators validators) {
        // The image first: a crash in between leaves old validators beside new bytes, which costs a fetch.
        objects.put(images + name, Spool.of(upload), sha256, FileNamer.sha256Hex(url.toString()));
        claims.put(url, UrlClaim.saved(name, sha256, validators));
    }

    @Override
    public void revalidated(URI url, String name, String sha256, Validators validators) {
        UrlClaim claim = claims.ofUrl(url);
        if (claim == null || !Objects.equals(validators, claim.validators())) {
            claims.put(url, UrlClaim.saved(name, sha256, validators));
        }
    }
}
