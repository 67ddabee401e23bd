package org.imagedownloader.store;

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
}
