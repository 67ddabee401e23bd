package org.imagedownloader.list;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Decides whether a line of a list is a URL worth fetching. It is as lenient as a browser's address bar about
 * spelling (spaces, non-ASCII, IDN hosts) but admits nothing other than http and https.
 */
public final class UrlValidator {

    /** Either a URL ready to fetch or the reason the line was refused; exactly one of the two is set. */
    public record Result(URI url, String error) {
        public Result {
            if ((url == null) == (error == null)) {
                throw new IllegalArgumentException("exactly one of url and error must be set");
            }
        }

        public boolean valid() {
            return url != null;
        }

        static Result ok(URI url) {
            return new Result(url, null);
        }

        static Result fail(String error) {
            return new Result(null, error);
        }
    }

    /** How much of a refused line an error may quote, so one pasted blob cannot flood the log. */
    private static final int MAX_ECHO = 100;

    /** RFC 3986 punctuation java.net.URI accepts in a path and query; everything else is percent-encoded. */
    private static final String PATH_PUNCTUATION = "-._~!$&'()*+,;=:@/?";

    private UrlValidator() {
    }

    /** Validates one trimmed, non-blank line; lines longer than {@code maxLength} characters are refused unread. */
    public static Result validate(String line, int maxLength) {
        if (line.length() > maxLength) {
            return Result.fail("line too long (" + line.length() + " characters, limit " + maxLength + ")");
        }
        // The fragment never reaches the server, and cutting it here spares us encoding a second '#'.
        int hash = line.indexOf('#');
        String withoutFragment = hash < 0 ? line : line.substring(0, hash);
        int colon0 = withoutFragment.indexOf(':');
        if (!isScheme(withoutFragment, colon0)) {
            return Result.fail("not a URL: " + quote(withoutCredentials(line)));
        }
        String schemeName = withoutFragment.substring(0, colon0).toLowerCase(Locale.ROOT);
        if (!schemeName.equals("http") && !schemeName.equals("https")) {
            return Result.fail("not an http(s) URL: scheme " + quote(schemeName));
        }
        String rest = withoutFragment.substring(colon0 + 1);
        if (!rest.startsWith("//")) {
            return Result.fail("no host: " + quote(withoutCredentials(line)));
        }
        int authorityEnd = indexOfAny(rest, "/?", 2);
        String authority = rest.substring(2, authorityEnd);
        String pathAndQuery = rest.substring(authorityEnd);

        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            // The HTTP client refuses them too; a password in a list would otherwise end up in logs and reports.
            return Result.fail("credentials in a URL are never sent: give them as a header (downloader.headers-file)");
        }
        String hostAndPort = authority;
        int colon = hostPortSeparator(hostAndPort);
        String host = hostAndPort.substring(0, colon);
        String port = colon < hostAndPort.length() ? hostAndPort.substring(colon + 1) : "";
        if (host.isEmpty()) {
            return Result.fail("no host: " + quote(withoutCredentials(line)));
        }
        if (!isPort(port)) {
            return Result.fail("invalid port" + quoteUnlessMasked(port, line));
        }
        String asciiHost;
        try {
            // An IPv6 literal is ASCII already, and IDN would reject its brackets.
            asciiHost = host.startsWith("[") || isPlainAsciiName(host) ? host : IDN.toASCII(host);
        } catch (IllegalArgumentException e) {
            return Result.fail("invalid host" + quoteUnlessMasked(host, line));
        }
        String rebuilt = schemeName + "://"
                + asciiHost.toLowerCase(Locale.ROOT)
                + (port.isEmpty() ? "" : ":" + port)
                + encode(pathAndQuery, PATH_PUNCTUATION);
        return parse(rebuilt, host, line);
    }

    /**
     * A refused line as a report or a log may show it: from where a URL's authority starts (after the first
     * "//", ":/" or ":\\") to its last '@', whatever stands (a user name, a password, a token, however
     * many '/', '?' or '@' it holds) becomes "***". A line with no such start (mailto:) is left as it is.
     */
    public static String withoutCredentials(String line) {
        int at = line.lastIndexOf('@');
        if (at < 0) {
            return line;
        }
        for (int i = 1; i < at; i++) {
            if (isSlash(line.charAt(i)) && (isSlash(line.charAt(i - 1)) || line.charAt(i - 1) == ':')) {
                int start = i + 1;
                while (start < at && isSlash(line.charAt(start))) {
                    start++;
                }
                return line.substring(0, start) + "***" + line.substring(at);
            }
        }
        return line;
    }

    /** The value as an error may quote it, unless the line may hold credentials that it would show part of. */
    private static String quoteUnlessMasked(String value, String line) {
        return withoutCredentials(line).equals(line) ? " " + quote(value) : " (not shown: the line may hold credentials)";
    }

    private static boolean isSlash(char c) {
        return c == '/' || c == '\\';
    }

    private static Result parse(String rebuilt, String host, String line) {
        URI url;
        try {
            url = new URI(rebuilt);
        } catch (URISyntaxException e) {
            return Result.fail("not a valid URL: " + e.getReason());
        }
        // java.net.URI falls back to a registry authority, with no host, when the host is not a valid name.
        if (url.getHost() == null) {
            return Result.fail("invalid host" + quoteUnlessMasked(host, line));
        }
        return Result.ok(url);
    }

    /** RFC 3986's scheme: a letter, then letters, digits, '+', '-' or '.', up to the first ':'. */
    private static boolean isScheme(String text, int colon) {
        if (colon < 1 || !isLetter(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = text.charAt(i);
            if (!isAlphanumeric(c) && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    /**
     * A host that IDN would give back unchanged: ASCII labels of 1 to 63 characters, perhaps with a final
     * dot. Such hosts are most of any list, and IDN costs more than the rest of the validation.
     */
    private static boolean isPlainAsciiName(String host) {
        int label = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c >= 0x80) {
                return false;
            }
            if (c != '.') {
                label++;
            } else if (label == 0) {
                return false;
            } else {
                label = 0;
            }
            if (label > 63) {
                return false;
            }
        }
        return true;
    }

    /** An empty port means the default one, as in browsers. */
    private static boolean isPort(String port) {
        if (port.length() > 5) {
            return false;
        }
        for (int i = 0; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return port.isEmpty() || Integer.parseInt(port) <= 65535;
    }

    /** Where the ':' before the port is, or the length when there is none; an IPv6 literal's colons don't count. */
    private static int hostPortSeparator(String hostAndPort) {
        int hostEnd = hostAndPort.startsWith("[") ? hostAndPort.indexOf(']') : 0;
        // An unclosed literal is all host, and the URI parser reports it as such.
        int colon = hostEnd < 0 ? -1 : hostAndPort.indexOf(':', hostEnd);
        return colon < 0 ? hostAndPort.length() : colon;
    }

    private static int indexOfAny(String text, String chars, int from) {
        for (int i = from; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    /** Percent-encodes, as UTF-8, whatever java.net.URI would reject, keeping escapes that are already complete. */
    private static String encode(String text, String punctuation) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (isAlphanumeric(cp) || punctuation.indexOf(cp) >= 0 || (cp == '%' && isEscape(text, i))) {
                out.appendCodePoint(cp);
            } else {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                }
            }
            i = next;
        }
        return out.toString();
    }

    private static boolean isAlphanumeric(int cp) {
        return isLetter(cp) || (cp >= '0' && cp <= '9');
    }

    private static boolean isLetter(int cp) {
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    }

    private static boolean isEscape(String text, int percent) {
        return percent + 2 < text.length() && isHex(text.charAt(percent + 1)) && isHex(text.charAt(percent + 2));
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** The input as it may appear in a log line: control characters escaped, long input cut short. */
    private static String quote(String text) {
        String head = text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) : text;
        StringBuilder out = new StringBuilder("'");
        head.codePoints().forEach(cp -> {
            if (isInvisible(cp)) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append(text.length() > MAX_ECHO ? "...'" : "'").toString();
    }

    /** Characters that could break a log line, forge one, or hide what was really written. */
    private static boolean isInvisible(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }
}
