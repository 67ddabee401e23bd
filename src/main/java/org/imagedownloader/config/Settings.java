package org.imagedownloader.config;

import static org.imagedownloader.config.Setting.ACCEPT;
import static org.imagedownloader.config.Setting.BLOCK_PRIVATE_NETWORKS;
import static org.imagedownloader.config.Setting.CONCURRENCY;
import static org.imagedownloader.config.Setting.CONNECT_TIMEOUT_MILLIS;
import static org.imagedownloader.config.Setting.DEDUP_CONTENT;
import static org.imagedownloader.config.Setting.DOWNLOAD_TIMEOUT;
import static org.imagedownloader.config.Setting.API_TOKEN;
import static org.imagedownloader.config.Setting.HEADERS_FILE;
import static org.imagedownloader.config.Setting.HTTP_ENABLED;
import static org.imagedownloader.config.Setting.HTTP_HOST;
import static org.imagedownloader.config.Setting.INBOX;
import static org.imagedownloader.config.Setting.INCLUDE;
import static org.imagedownloader.config.Setting.INDEX_IDLE_SECONDS;
import static org.imagedownloader.config.Setting.KAFKA_BROKERS;
import static org.imagedownloader.config.Setting.KAFKA_GROUP;
import static org.imagedownloader.config.Setting.KAFKA_ITEMS_TOPIC;
import static org.imagedownloader.config.Setting.KAFKA_OUTCOMES_TOPIC;
import static org.imagedownloader.config.Setting.KAFKA_PARTITIONS;
import static org.imagedownloader.config.Setting.KAFKA_SESSION_TIMEOUT_SECONDS;
import static org.imagedownloader.config.Setting.MAX_BYTES;
import static org.imagedownloader.config.Setting.MAX_LINE_LENGTH;
import static org.imagedownloader.config.Setting.MAX_LIST_BYTES;
import static org.imagedownloader.config.Setting.MAX_OPEN_LISTS;
import static org.imagedownloader.config.Setting.MAX_PIXELS;
import static org.imagedownloader.config.Setting.MIN_HEIGHT;
import static org.imagedownloader.config.Setting.MIN_WIDTH;
import static org.imagedownloader.config.Setting.OPT_OUT_DIRECTIVES;
import static org.imagedownloader.config.Setting.OUTAGE_MAX_WAIT;
import static org.imagedownloader.config.Setting.OUTPUT;
import static org.imagedownloader.config.Setting.PER_HOST_CONCURRENCY;
import static org.imagedownloader.config.Setting.PER_HOST_RATE;
import static org.imagedownloader.config.Setting.PROGRESS_SECONDS;
import static org.imagedownloader.config.Setting.PROXY;
import static org.imagedownloader.config.Setting.QUEUE_SIZE;
import static org.imagedownloader.config.Setting.READ_TIMEOUT_MILLIS;
import static org.imagedownloader.config.Setting.REFRESH;
import static org.imagedownloader.config.Setting.RETRIES;
import static org.imagedownloader.config.Setting.ROBOTS_TXT;
import static org.imagedownloader.config.Setting.RETRY_AFTER_MAX_SECONDS;
import static org.imagedownloader.config.Setting.RETRY_DELAY_MILLIS;
import static org.imagedownloader.config.Setting.RETRY_MAX_DELAY_MILLIS;
import static org.imagedownloader.config.Setting.S3_ENDPOINT;
import static org.imagedownloader.config.Setting.S3_REGION;
import static org.imagedownloader.config.Setting.SHUTDOWN_GRACE_SECONDS;
import static org.imagedownloader.config.Setting.STALL_MINUTES;
import static org.imagedownloader.config.Setting.USER_AGENT;
import static org.imagedownloader.config.Setting.VERIFY;
import static org.imagedownloader.config.Setting.WATCH;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.camel.CamelContext;

/**
 * The downloader.* properties the Java side needs, read once and checked, so a bad value stops the
 * start with a message naming the property instead of failing later on some URL.
 */
public record Settings(Path inbox, Path output, String include, boolean watch, int concurrency, Duration retryAfterMax,
                       String accept, long maxBytes, Duration connectTimeout, Duration readTimeout,
                       String proxy, int maxLineChars, Duration progressInterval, Duration downloadTimeout,
                       boolean blockPrivateNetworks, int retries, int queueSize, int maxOpenLists, Kafka kafka,
                       Http http, boolean dedupContent, Duration indexIdle, String optOutDirectives, String userAgent, Polite polite,
                       Images images, ObjectStorage objectStorage) {

    /**
     * Where the output goes when it is object storage. The local folder {@link #output()} is then the
     * inbox's {@code .runs/}, which keeps what a list's run needs on a file system: its lock, shared by the
     * daemons that share the inbox, and its report while it is being written.
     *
     * @param endpoint empty for AWS
     * @param region   empty for the AWS SDK's default
     */
    public record ObjectStorage(String bucket, String prefix, String endpoint, String region) {
    }

    /** What each host gets from us, and the redelivery policy's delays a pause without Retry-After takes. */
    public record Polite(int perHostConcurrency, double perHostRate, Duration retryDelay, Duration retryMaxDelay,
                         String headersFile, boolean conditionalRefresh, boolean robotsTxt, Duration outageMaxWait) {
    }

    /**
     * Which images are kept by their size, and whether each is decoded before it is saved.
     *
     * @param maxPixels 0 = no limit
     */
    public record Images(int minWidth, int minHeight, long maxPixels, boolean decode) {
    }

    /** The operator's view over HTTP. */
    public record Http(boolean enabled, String host, String token, long maxListBytes, Duration stall) {
        @Override
        public String toString() { // the token is a secret: never in a log
            return "Http[enabled=" + enabled + ", host=" + host + ", token=" + (token.isEmpty() ? "" : "***")
                    + ", maxListBytes=" + maxListBytes + ", stall=" + stall + "]";
        }
    }

    /**
     * Where the seams go in Kafka mode; brokers empty means one process, no Kafka.
     *
     * @param handOver  how long a partition that moves away waits for its downloads here, as a stop does
     * @param lookBack  how far back a starting daemon reads the outcomes topic for pauses still in force
     * @param itemsHeld the most items one daemon holds taken: what the lists of one daemon may have out
     */
    public record Kafka(String brokers, String itemsTopic, String outcomesTopic, String group, int partitions,
                        Duration sessionTimeout, Duration handOver, Duration lookBack, int itemsHeld) {
        public boolean on() {
            return !brokers.isEmpty();
        }
    }

    public static Settings load(CamelContext context) {
        return from(key -> context.getPropertiesComponent().resolveProperty(key).orElse(null));
    }

    /** lookup gives a setting's raw value, or null when it is not set. */
    static Settings from(Function<String, String> lookup) {
        // Every setting is read, even those only the routes use, so a bad one is named before anything starts.
        Map<Setting, Object> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            values.put(setting, setting.read(lookup));
        }
        Values v = new Values(values);
        Output.Bucket bucket = values.get(OUTPUT) instanceof Output.Bucket b ? b : null;
        return new Settings(
                v.path(INBOX),
                bucket == null ? v.path(OUTPUT) : v.path(INBOX).resolve(".runs"),
                v.text(INCLUDE),
                v.bool(WATCH),
                v.count(CONCURRENCY),
                Duration.ofSeconds(v.count(RETRY_AFTER_MAX_SECONDS)),
                v.text(ACCEPT),
                v.number(MAX_BYTES),
                Duration.ofMillis(v.count(CONNECT_TIMEOUT_MILLIS)),
                Duration.ofMillis(v.count(READ_TIMEOUT_MILLIS)),
                v.text(PROXY),
                v.count(MAX_LINE_LENGTH),
                Duration.ofSeconds(v.count(PROGRESS_SECONDS)),
                Duration.ofSeconds(v.count(DOWNLOAD_TIMEOUT)),
                v.bool(BLOCK_PRIVATE_NETWORKS),
                v.count(RETRIES),
                v.count(QUEUE_SIZE),
                v.count(MAX_OPEN_LISTS),
                new Kafka(v.text(KAFKA_BROKERS), v.text(KAFKA_ITEMS_TOPIC), v.text(KAFKA_OUTCOMES_TOPIC),
                        v.text(KAFKA_GROUP), v.count(KAFKA_PARTITIONS),
                        Duration.ofSeconds(v.count(KAFKA_SESSION_TIMEOUT_SECONDS)),
                        Duration.ofSeconds(v.count(SHUTDOWN_GRACE_SECONDS)),
                        // A pause lasts a Retry-After, or without one up to the redelivery's longest delay.
                        Duration.ofMillis(Math.max(1000L * v.count(RETRY_AFTER_MAX_SECONDS), v.count(RETRY_MAX_DELAY_MILLIS))),
                        (int) Math.min(Integer.MAX_VALUE, (long) v.count(MAX_OPEN_LISTS) * v.count(QUEUE_SIZE))),
                new Http(v.bool(HTTP_ENABLED), v.text(HTTP_HOST), v.text(API_TOKEN), v.number(MAX_LIST_BYTES),
                        Duration.ofMinutes(v.count(STALL_MINUTES))),
                v.bool(DEDUP_CONTENT),
                Duration.ofSeconds(v.count(INDEX_IDLE_SECONDS)),
                v.text(OPT_OUT_DIRECTIVES),
                v.text(USER_AGENT),
                new Polite(v.count(PER_HOST_CONCURRENCY), v.decimal(PER_HOST_RATE),
                        Duration.ofMillis(v.count(RETRY_DELAY_MILLIS)), Duration.ofMillis(v.count(RETRY_MAX_DELAY_MILLIS)),
                        v.text(HEADERS_FILE), v.text(REFRESH).equals("conditional"),
                        v.bool(ROBOTS_TXT), v.span(OUTAGE_MAX_WAIT)),
                new Images(v.count(MIN_WIDTH), v.count(MIN_HEIGHT), v.number(MAX_PIXELS), v.text(VERIFY).equals("decode")),
                bucket == null ? null
                        : new ObjectStorage(bucket.name(), bucket.prefix(), v.text(S3_ENDPOINT), v.text(S3_REGION)));
    }

    private record Values(Map<Setting, Object> parsed) {
        Path path(Setting s) {
            return (Path) parsed.get(s);
        }

        boolean bool(Setting s) {
            return (Boolean) parsed.get(s);
        }

        String text(Setting s) {
            return (String) parsed.get(s);
        }

        Duration span(Setting s) {
            return (Duration) parsed.get(s);
        }

        double decimal(Setting s) {
            return (Double) parsed.get(s);
        }

        long number(Setting s) {
            return (Long) parsed.get(s);
        }

        // Capped rather than refused: past int range a count or timeout already means "no practical limit".
        int count(Setting s) {
            return Math.toIntExact(Math.min(number(s), Integer.MAX_VALUE));
        }
    }
}
