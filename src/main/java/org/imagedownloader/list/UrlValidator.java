package org.imagedownloader.list;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):(.*)", Pattern.DOTALL);

    /** How much of a refused line an error may quote, so one pasted blob cannot flood the log. */
    private static final int MAX_ECHO = 100;

    /** RFC 3986 punctuation java.net.URI accepts in a path and query; everything else is percent-encoded. */
    private static final String PATH_PUNCTUATION = "-._~!$&'()*+,;=:@/?";

    /** Userinfo may not hold '@', which would end it early; such '@'s are typed by people, so they get encoded. */
    private static final String USERINFO_PUNCTUATION = "-._~!$&'()*+,;=:";

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
        Matcher scheme = SCHEME.matcher(withoutFragment);
        if (!scheme.matches()) {
            return Result.fail("not a URL: " + quote(line));
        }
        String schemeName = scheme.group(1).toLowerCase(Locale.ROOT);
        if (!schemeName.equals("http") && !schemeName.equals("https")) {
            return Result.fail("not an http(s) URL: scheme " + quote(schemeName));
        }
        String rest = scheme.group(2);
        if (!rest.startsWith("//")) {
            return Result.fail("no host: " + quote(line));
        }
        int authorityEnd = indexOfAny(rest, "/?", 2);
        String authority = rest.substring(2, authorityEnd);
        String pathAndQuery = rest.substring(authorityEnd);

        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? null : authority.substring(0, at);
        String hostAndPort = authority.substring(at + 1);
        int colon = hostPortSeparator(hostAndPort);
        String host = hostAndPort.substring(0, colon);
        String port = colon < hostAndPort.length() ? hostAndPort.substring(colon + 1) : "";
        if (host.isEmpty()) {
            return Result.fail("no host: " + quote(line));
        }
        if (!isPort(port)) {
            return Result.fail("invalid port " + quote(port));
        }
        String asciiHost;
        try {
            // An IPv6 literal is ASCII already, and IDN would reject its brackets.
            asciiHost = host.startsWith("[") ? host : IDN.toASCII(host);
        } catch (IllegalArgumentException e) {
            return Result.fail("invalid host " + quote(host));
        }
        String rebuilt = schemeName + "://"
                + (userInfo == null ? "" : encode(userInfo, USERINFO_PUNCTUATION) + "@")
                + asciiHost.toLowerCase(Locale.ROOT)
                + (port.isEmpty() ? "" : ":" + port)
                + encode(pathAndQuery, PATH_PUNCTUATION);
        return parse(rebuilt, host);
    }

    private static Result parse(String rebuilt, String host) {
        URI url;
        try {
            url = new URI(rebuilt);
        } catch (URISyntaxException e) {
            return Result.fail("not a valid URL: " + e.getReason());
        }
        // java.net.URI falls back to a registry authority, with no host, when the host is not a valid name.
        if (url.getHost() == null) {
            return Result.fail("invalid host " + quote(host));
        }
        return Result.ok(url);
    }

    /** An empty port means the default one, as in browsers. */
    private static boolean isPort(String port) {
        return port.isEmpty() || (port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9')
                && Integer.parseInt(port) <= 65535);
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
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
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
