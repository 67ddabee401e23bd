package org.imagedownloader.store;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a URL into a file name that is safe to create inside a list's folder on Linux, macOS and Windows alike:
 * it cannot leave the folder, hide itself, collide with a device or exceed common file-system limits.
 */
public final class FileNamer {

    /** Most file systems cap a name at 255 bytes; the margin leaves room for numbering and temporary suffixes. */
    private static final int MAX_BYTES = 200;

    /** Longer tails after the last dot are part of the name rather than an extension worth keeping. */
    private static final int MAX_EXTENSION_CHARS = 10;

    private static final String RESERVED = "/\\<>:\"|?*";
    /** Bidirectional controls, which can make a name display as something it is not ("gpj.exe"). */
    private static final String BIDI_CONTROLS = "\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069";

    // Windows opens the device instead of a file for these stems, whatever the extension; the superscript digits
    // are reserved too.
    private static final Set<String> DEVICE_NAMES = Set.of(
            "CON", "PRN", "AUX", "NUL",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3");

    private FileNamer() {
    }

    /** The URL's last path segment made safe, or {@link #hashName} when the URL names no file. */
    public static String baseName(URI url) {
        String path = url.getRawPath();
        if (path == null) {
            return hashName(url);
        }
        String segment = path.substring(path.lastIndexOf('/') + 1);
        String name = safe(percentDecode(segment));
        return name.isEmpty() ? hashName(url) : name;
    }

    /** A name derived from the whole URL, stable across runs, for URLs whose path gives nothing usable. */
    public static String hashName(URI url) {
        return "image-" + sha256Hex(url.toString()).substring(0, 16);
    }

    /** {@code name} with every character and shape that could escape, hide or break on some OS neutralised. */
    public static String safe(String name) {
        String replaced = replaceUnsafeChars(name);
        String trimmed = stripTrailing(stripLeading(replaced));
        if (trimmed.isEmpty()) {
            return "";
        }
        String undeviced = isDeviceName(trimmed) ? "_" + trimmed : trimmed;
        // Cutting off the extension-less tail could leave a trailing dot or space, which Windows would drop.
        return stripTrailing(fit(undeviced));
    }

    /** {@code name} with the extension of {@code type} appended unless it already carries one that fits. */
    public static String withType(String name, ImageType type) {
        int dot = name.lastIndexOf('.');
        if (dot > 0 && type.hasExtension(name.substring(dot + 1))) {
            return name;
        }
        String suffix = "." + type.extension();
        return truncate(name, MAX_BYTES - utf8Length(suffix)) + suffix;
    }

    /** The {@code n}th name for files that would otherwise share {@code name}; the first keeps the name as is. */
    public static String numbered(String name, int n) {
        if (n < 2) {
            return name;
        }
        int split = extensionStart(name);
        String stem = name.substring(0, split);
        String suffix = "-" + n + name.substring(split);
        return truncate(stem, MAX_BYTES - utf8Length(suffix)) + suffix;
    }

    /** Hex SHA-256 of {@code text} in UTF-8, for names that must be stable yet reveal nothing unsafe. */
    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }

    /** Decodes %XX escapes as UTF-8; anything that is not a complete escape stays as written. */
    private static String percentDecode(String segment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        int i = 0;
        while (i < segment.length()) {
            char c = segment.charAt(i);
            if (c == '%' && i + 2 < segment.length() && isHex(segment.charAt(i + 1)) && isHex(segment.charAt(i + 2))) {
                bytes.write(Integer.parseInt(segment, i + 1, i + 3, 16));
                i += 3;
            } else {
                int cp = segment.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }

    private static String replaceUnsafeChars(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                out.append(c).append(name.charAt(++i));
            } else if (Character.isSurrogate(c) || Character.isISOControl(c) || RESERVED.indexOf(c) >= 0
                    || BIDI_CONTROLS.indexOf(c) >= 0) {
                // A lone surrogate has no UTF-8 form; the file system would store a '?' we never asked for.
                out.append('_');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Leading dots hide a file on Unix; leading spaces are invisible and trip up tools. */
    private static String stripLeading(String name) {
        int start = 0;
        while (start < name.length() && (name.charAt(start) == '.' || name.charAt(start) == ' ')) {
            start++;
        }
        return name.substring(start);
    }

    /** Windows silently drops trailing dots and spaces, so two different names would collide there. */
    private static String stripTrailing(String name) {
        int end = name.length();
        while (end > 0 && (name.charAt(end - 1) == '.' || name.charAt(end - 1) == ' ')) {
            end--;
        }
        return name.substring(0, end);
    }

    private static boolean isDeviceName(String name) {
        int dot = name.indexOf('.');
        // Windows ignores spaces between a device stem and its extension, so "CON .txt" is still CON.
        String stem = (dot < 0 ? name : name.substring(0, dot)).stripTrailing();
        return DEVICE_NAMES.contains(stem.toUpperCase(Locale.ROOT));
    }

    /** Shortens {@code name} to {@link #MAX_BYTES}, cutting the stem so that a short extension survives. */
    private static String fit(String name) {
        if (utf8Length(name) <= MAX_BYTES) {
            return name;
        }
        int split = extensionStart(name);
        String extension = name.substring(split);
        return truncate(name.substring(0, split), MAX_BYTES - utf8Length(extension)) + extension;
    }

    /** Where the extension (dot included) begins, or the name's length when it has none worth keeping. */
    private static int extensionStart(String name) {
        int dot = name.lastIndexOf('.');
        int extensionChars = name.codePointCount(dot + 1, name.length());
        return dot > 0 && extensionChars >= 1 && extensionChars <= MAX_EXTENSION_CHARS ? dot : name.length();
    }

    /** The longest prefix of {@code text} within {@code maxBytes} of UTF-8 that ends on a whole code point. */
    private static String truncate(String text, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = utf8Length(cp);
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    private static int utf8Length(String text) {
        return text.codePoints().map(FileNamer::utf8Length).sum();
    }

    private static int utf8Length(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        return codePoint < 0x10000 ? 3 : 4;
    }
}
