package org.imagedownloader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.apache.camel.CamelContext;

/**
 * The downloader.* properties the Java side needs, read once and checked, so a bad value stops the
 * start with a message naming the property instead of failing later on some URL.
 */
public record Settings(Path inbox, Path output, boolean watch, int concurrency, Duration retryAfterMax,
                       String accept, long maxBytes, Duration connectTimeout, Duration readTimeout,
                       String proxy, int maxLineChars, Duration progressInterval, Duration downloadTimeout,
                       boolean blockPrivateNetworks) {

    public static Settings load(CamelContext context) {
        Function<String, String> p = key -> context.getPropertiesComponent().resolveProperty(key)
                .map(String::trim)
                .orElseThrow(() -> new IllegalArgumentException("missing setting " + key));
        // Used only by the routes, but checked here so a bad value is named before anything starts.
        atLeastZero(p, "downloader.retries");
        atLeastZero(p, "downloader.max-redirects");
        positive(p, "downloader.poll-millis");
        positive(p, "downloader.queue-size");
        positive(p, "downloader.retry-delay-millis");
        positive(p, "downloader.retry-max-delay-millis");
        if (parse(p, "downloader.settle-millis", 1) >= 60_000) {
            throw new IllegalArgumentException("downloader.settle-millis must be under 60000 (the inbox read-lock timeout)");
        }
        p.apply("downloader.user-agent");
        p.apply("downloader.include");
        return new Settings(
                Path.of(p.apply("downloader.inbox")),
                Path.of(p.apply("downloader.output")),
                bool(p, "downloader.watch"),
                positive(p, "downloader.concurrency"),
                Duration.ofSeconds(atLeastZero(p, "downloader.retry-after-max-seconds")),
                p.apply("downloader.accept"),
                positiveLong(p, "downloader.max-bytes"),
                Duration.ofMillis(positive(p, "downloader.connect-timeout-millis")),
                Duration.ofMillis(positive(p, "downloader.read-timeout-millis")),
                p.apply("downloader.proxy"),
                positive(p, "downloader.max-line-length"),
                Duration.ofSeconds(positive(p, "downloader.progress-seconds")),
                Duration.ofSeconds(positive(p, "downloader.download-timeout")),
                bool(p, "downloader.block-private-networks"));
    }

    private static long parse(Function<String, String> p, String key, long min) {
        String value = p.apply(key);
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'");
        }
        if (n < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", not " + n);
        }
        return n;
    }

    private static boolean bool(Function<String, String> p, String key) {
        String value = p.apply(key);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + " must be true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static int positive(Function<String, String> p, String key) {
        return Math.toIntExact(Math.min(parse(p, key, 1), Integer.MAX_VALUE));
    }

    private static int atLeastZero(Function<String, String> p, String key) {
        return Math.toIntExact(Math.min(parse(p, key, 0), Integer.MAX_VALUE));
    }

    private static long positiveLong(Function<String, String> p, String key) {
        return parse(p, key, 1);
    }
}
