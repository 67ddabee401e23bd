package org.imagedownloader.store;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a folder's journal says, and the format of its lines, tab-separated:
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
final class Entries {

    private static final String FOREIGN = "";
    private static final String SHA256 = "sha256=";
    private static final String ETAG = "etag=";
    private static final String MODIFIED = "modified=";

    // Written under the journal lock; all but urlOfName are read without it too.
    final Map<String, String> nameOfUrl = new ConcurrentHashMap<>();
    /** A name whose file turned out not to be ours maps to {@link #FOREIGN}. */
    final Map<String, String> urlOfName = new HashMap<>();
    final Map<String, String> hashOfName = new ConcurrentHashMap<>();
    /**
     * The file last claimed with each content: when the one claimed before was gone or changed by then, the
     * one that replaced it, so that the next URL with those bytes, and a replay, find a file that holds them.
     */
    final Map<String, String> nameOfHash = new ConcurrentHashMap<>();
    /** URLs whose bytes were found in another URL's file: the hash of that content. */
    final Map<String, String> hashOfUrl = new ConcurrentHashMap<>();
    final Map<String, Validators> validatorsOfName = new ConcurrentHashMap<>();

    /** The line saying the URL owns the name, whose file holds these bytes, as the server described them. */
    static String savedLine(String url, String name, String sha256, Validators validators) {
        StringBuilder line = new StringBuilder(url).append('\t').append(name).append('\t').append(SHA256).append(sha256);
        if (validators != null && validators.etag() != null) {
            line.append('\t').append(ETAG).append(validators.etag());
        }
        if (validators != null && validators.modified() != null) {
            line.append('\t').append(MODIFIED).append(validators.modified());
        }
        return line.append('\n').toString();
    }

    /** The line saying the URL's bytes are those of the file with this hash. */
    static String sameAsLine(String url, String sha256) {
        return url + "\t\t" + SHA256 + sha256 + '\n';
    }

    /** The line saying the file of that name is not ours. */
    static String foreignLine(String name) {
        return '\t' + name + '\n';
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
        boolean claimed = !name.equals(nameOfUrl.get(url));
        remember(url, name);
        hashed(name, hash, claimed);
        if (validators == null) {
            validatorsOfName.remove(name);
        } else {
            validatorsOfName.put(name, validators);
        }
    }

    /**
     * @param claimed a name just claimed for its bytes becomes their holder; a URL's own file refreshed with
     *                bytes that another file holds already leaves them with that file, which a later
     *                refresh of this one cannot take away
     */
    private void hashed(String name, String hash, boolean claimed) {
        String previous = hashOfName.put(name, hash);
        if (previous != null && !previous.equals(hash)) {
            nameOfHash.remove(previous, name);
        }
        if (claimed) {
            nameOfHash.put(hash, name);
        } else {
            nameOfHash.putIfAbsent(hash, name);
        }
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

    /** One journal line; a blank one, a torn one closed off by a later writer, or one of a later kind is skipped. */
    void apply(String line) {
        String[] f = line.split("\t", -1);
        if (f.length == 2 && !f[1].isEmpty()) {
            if (f[0].isEmpty()) {
                foreign(f[1]);
            } else {
                remember(f[0], f[1]);
            }
        } else if (f.length == 3 && !f[0].isEmpty() && f[1].isEmpty() && isHash(f[2])) {
            sameAs(f[0], f[2].substring(SHA256.length()));
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
            saved(f[0], f[1], f[2].substring(SHA256.length()), Validators.of(etag, modified));
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
}
