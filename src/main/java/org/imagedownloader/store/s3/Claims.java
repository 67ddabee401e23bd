package org.imagedownloader.store.s3;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.imagedownloader.store.FileNamer;
import org.imagedownloader.store.Validators;

/**
 * The index of a list's output in a bucket: small claim objects under {@code PREFIX/.<list>.index/},
 * beside the list's images as the folder output's journal is beside its folder. Each is created with a
 * conditional write, so of all the writers that try, in any process, exactly one creates it; S3 reads
 * are strongly consistent, so whoever is refused reads the winner's claim right after. Keys are hashes,
 * so a URL of any length or alphabet gives a short, safe key.
 * <ul>
 * <li>{@code url-<sha256 of the URL>}: the name the URL owns (with its image's SHA-256 and what its
 * server said of the version), or the SHA-256 of the content it was found to share;
 * <li>{@code name-<sha256 of the name>}: the URL that owns the name, so no other URL is ever given it;
 * <li>{@code sha-<sha256 of the content>}: the name of the first image saved with that content.
 * </ul>
 */
final class Claims {

    private final S3Objects objects;
    private final String dir;

    /** @param dir the claims' key prefix, ending in a slash */
    Claims(S3Objects objects, String dir) {
        this.objects = objects;
        this.dir = dir;
    }

    /**
     * What a URL's claim says: a name of its own ({@code same} null), or the content it shares ({@code
     * name} null). Written as {@code key=value} lines, which validators and safe names never break.
     */
    record UrlClaim(String name, String same, String sha256, Validators validators) {

        static UrlClaim saved(String name, String sha256, Validators validators) {
            return new UrlClaim(name, null, sha256, validators);
        }

        static UrlClaim sameAs(String sha256) {
            return new UrlClaim(null, sha256, sha256, null);
        }

        byte[] bytes(URI url) {
            StringBuilder text = new StringBuilder("url=").append(url).append('\n');
            line(text, "name", name);
            line(text, "same", same);
            line(text, "sha256", sha256);
            line(text, "etag", validators == null ? null : validators.etag());
            line(text, "modified", validators == null ? null : validators.modified());
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }

        private static void line(StringBuilder text, String key, String value) {
            if (value != null) {
                text.append(key).append('=').append(value).append('\n');
            }
        }

        static UrlClaim parse(byte[] bytes) {
            String name = null;
            String same = null;
            String sha256 = null;
            String etag = null;
            String modified = null;
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                int eq = line.indexOf('=');
                String value = eq < 0 ? "" : line.substring(eq + 1);
                switch (eq < 0 ? "" : line.substring(0, eq)) {
                    case "name" -> name = value;
                    case "same" -> same = value;
                    case "sha256" -> sha256 = value;
                    case "etag" -> etag = value;
                    case "modified" -> modified = value;
                    default -> { } // the URL itself, for people reading the bucket, or a field of a later kind
                }
            }
            return new UrlClaim(name, same, sha256, Validators.of(etag, modified));
        }
    }

    /** The URL's claim, or null if it has none. */
    UrlClaim ofUrl(URI url) {
        byte[] bytes = objects.get(urlKey(url));
        return bytes == null ? null : UrlClaim.parse(bytes);
    }

    /** Creates the URL's claim; false if another writer created it first. */
    boolean create(URI url, UrlClaim claim) {
        return objects.create(urlKey(url), claim.bytes(url));
    }

    /** Rewrites a claim this writer's URL owns. */
    void put(URI url, UrlClaim claim) {
        objects.put(urlKey(url), claim.bytes(url));
    }

    /** Claims the name for the URL; true if the URL owns it, now or from before, false if another URL does. */
    boolean claimName(String name, URI url) {
        String key = dir + "name-" + FileNamer.sha256Hex(name);
        byte[] owner = url.toString().getBytes(StandardCharsets.UTF_8);
        if (objects.create(key, owner)) {
            return true;
        }
        byte[] found = objects.get(key);
        return found != null && new String(found, StandardCharsets.UTF_8).equals(url.toString());
    }

    /** The name of the first image saved with this content, or null. */
    String holder(String sha256) {
        byte[] name = objects.get(shaKey(sha256));
        return name == null ? null : new String(name, StandardCharsets.UTF_8);
    }

    /** Makes the name the holder of this content; false if one is recorded already. */
    boolean createHolder(String sha256, String name) {
        return objects.create(shaKey(sha256), name.getBytes(StandardCharsets.UTF_8));
    }

    /** Makes the name the holder of this content in place of one that is gone. */
    void putHolder(String sha256, String name) {
        objects.put(shaKey(sha256), name.getBytes(StandardCharsets.UTF_8));
    }

    private String urlKey(URI url) {
        return dir + "url-" + FileNamer.sha256Hex(url.toString());
    }

    private String shaKey(String sha256) {
        return dir + "sha-" + sha256;
    }
}
