package org.imagedownloader.fetch;

import org.imagedownloader.attempt.Bodies;
import org.imagedownloader.attempt.RejectedException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;

/** Decides from the Content-Type header whether a response is worth reading as an image at all. */
public final class ContentTypeFilter {

    private final List<String> patterns;

    /**
     * @param acceptList comma-separated media types, each exact ({@code image/png}), a type wildcard
     *                   ({@code image/*}) or &#42;/&#42;
     * @throws IllegalArgumentException when the list holds no pattern or one that is not {@code type/subtype};
     *                                  a typo here would otherwise silently refuse every download
     */
    public ContentTypeFilter(String acceptList) {
        this.patterns = Arrays.stream(acceptList.split(","))
                .map(ContentTypeFilter::mediaType)
                .filter(pattern -> !pattern.isEmpty())
                .toList();
        if (patterns.isEmpty()) {
            throw new IllegalArgumentException("no media type to accept in '" + acceptList + "'");
        }
        patterns.stream().filter(pattern -> !isMediaType(pattern)).findFirst().ifPresent(pattern -> {
            throw new IllegalArgumentException("not a media type pattern: '" + pattern + "'");
        });
    }

    /**
     * The route's content-type filter: a response of any other type is rejected without being read.
     */
    public void check(Exchange exchange) throws RejectedException, IOException {
        String type = exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class);
        if (!accepts(type)) {
            Bodies.discard(exchange.getIn().getBody(),
                    exchange.getIn().getHeader(Exchange.CONTENT_LENGTH, -1L, Long.class));
            throw new RejectedException(type == null || type.isBlank() ? "no content-type" : "content-type " + type);
        }
    }

    public boolean accepts(String contentTypeHeader) {
        if (contentTypeHeader == null) {
            return false;
        }
        String mediaType = mediaType(contentTypeHeader);
        return isMediaType(mediaType) && patterns.stream().anyMatch(pattern -> matches(pattern, mediaType));
    }

    private static boolean matches(String pattern, String mediaType) {
        if (pattern.equals("*/*")) {
            return true;
        }
        if (pattern.endsWith("/*")) {
            return mediaType.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(mediaType);
    }

    /** The bare media type: parameters such as charset say nothing about what the body is. */
    private static String mediaType(String header) {
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static boolean isMediaType(String text) {
        int slash = text.indexOf('/');
        return slash > 0 && slash < text.length() - 1 && slash == text.lastIndexOf('/');
    }

    @Override
    public String toString() {
        return String.join(", ", patterns);
    }
}
