package org.imagedownloader.store;

import java.util.Locale;
import java.util.Set;

/** The image formats the downloader recognises, with the file extension and media type each is saved under. */
public enum ImageType {
    JPEG("jpg", "image/jpeg", "jpeg", "jpe", "jfif"),
    PNG("png", "image/png"),
    GIF("gif", "image/gif"),
    WEBP("webp", "image/webp"),
    BMP("bmp", "image/bmp"),
    TIFF("tif", "image/tiff", "tiff"),
    ICO("ico", "image/x-icon"),
    AVIF("avif", "image/avif"),
    HEIC("heic", "image/heic", "heif"),
    SVG("svg", "image/svg+xml");

    private final String extension;
    private final String mimeType;
    private final Set<String> aliases;

    ImageType(String extension, String mimeType, String... aliases) {
        this.extension = extension;
        this.mimeType = mimeType;
        this.aliases = Set.of(aliases);
    }

    public String extension() {
        return extension;
    }

    public String mimeType() {
        return mimeType;
    }

    /**
     * Whether a file already named with {@code ext} can keep its name for this type; aliases are accepted so that
     * {@code photo.jpeg} is not renamed to {@code photo.jpeg.jpg}.
     */
    public boolean hasExtension(String ext) {
        if (ext == null) {
            return false;
        }
        String lower = ext.toLowerCase(Locale.ROOT);
        return extension.equals(lower) || aliases.contains(lower);
    }
}
