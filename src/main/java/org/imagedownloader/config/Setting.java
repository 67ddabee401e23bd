package org.imagedownloader.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.time.Duration;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every downloader.* setting, declared once. application.properties, the settings table of
 * docs/configuration.md and the README's short one repeat these for people to read;
 * SettingsDeclarationTest fails when they drift from here.
 */
public enum Setting {
    INBOX("downloader.inbox", "inbox", new FilePath(),
            "Folder watched for lists; processed lists move to its .done/ (unreadable ones to .error/)."),
    OUTPUT("downloader.output", "downloads", new Output(),
            "Folder that receives one sub-folder of images and one <list>.report.csv per list; s3://BUCKET/PREFIX puts them in object storage instead."),
    S3_ENDPOINT("downloader.s3.endpoint", "", new Endpoint(),
            "S3 API endpoint of an s3:// output, e.g. http://127.0.0.1:9000 (path-style addressing); empty = AWS."),
    S3_REGION("downloader.s3.region", "", new Text(),
            "Region of an s3:// output's bucket; empty = the AWS SDK's default (AWS_REGION, profile), else us-east-1 with an endpoint set."),
    INCLUDE("downloader.include", "*.txt", new Text(),
            "Which inbox files are lists (Ant-style pattern; hidden files and sub-folders are never taken)."),
    WATCH("downloader.watch", "true", new TrueFalse(),
            "Whether to watch the inbox (the one-shot CLI turns this off)."),
    POLL_MILLIS("downloader.poll-millis", "500", WholeNumber.atLeast(1),
            "How often the inbox is polled, in milliseconds."),
    // 60000 is the inbox read-lock timeout: a list still settling then would never be taken.
    SETTLE_MILLIS("downloader.settle-millis", "1000", new WholeNumber(1, 60_000),
            "A list is taken only after its size and timestamp have not changed for this long, in milliseconds (under 60000)."),
    CONCURRENCY("downloader.concurrency", "16", WholeNumber.atLeast(1),
            "Downloads in flight at once, across all lists together."),
    PER_HOST_CONCURRENCY("downloader.per-host-concurrency", "6", WholeNumber.atLeast(1),
            "Downloads in flight at once to one host (host and port), across all lists; a URL waiting for its host holds no download slot."),
    PER_HOST_RATE("downloader.per-host-rate", "0", new Decimal(),
            "Requests per second to one host, retries included (decimals allowed, e.g. 0.5); 0 = no limit."),
    MAX_OPEN_LISTS("downloader.max-open-lists", "8", WholeNumber.atLeast(1),
            "Lists worked on at once; further lists wait in the inbox and are taken in the order they arrived."),
    QUEUE_SIZE("downloader.queue-size", "1024", WholeNumber.atLeast(1),
            "Items of one list sent ahead of their outcomes; the list's reader waits while this many are out."),
    RETRIES("downloader.retries", "5", WholeNumber.atLeast(0),
            "How many times a transient failure (connection error, timeout, cut-short body, 408/429/5xx) is retried."),
    RETRY_DELAY_MILLIS("downloader.retry-delay-millis", "1000", WholeNumber.atLeast(1),
            "First retry delay in milliseconds; it doubles on each retry, with jitter."),
    RETRY_MAX_DELAY_MILLIS("downloader.retry-max-delay-millis", "30000", WholeNumber.atLeast(1),
            "Longest delay between two retries, in milliseconds."),
    OUTAGE_MAX_WAIT("downloader.outage-max-wait", "30m", new Span(),
            "How long items wait for a network that is gone (every host fails to connect) before they fail as usual (e.g. 30m, 90s, 2h)."),
    RETRY_AFTER_MAX_SECONDS("downloader.retry-after-max-seconds", "120", WholeNumber.atLeast(0),
            "Longest Retry-After wait honoured, in seconds (longer ones are shortened to this)."),
    ACCEPT("downloader.accept", "image/*", new Text(),
            "Content-Types kept (comma-separated, type/* wildcards); the body must also really be an image."),
    MAX_BYTES("downloader.max-bytes", "4294967296", WholeNumber.atLeast(1),
            "Largest image kept, in bytes (bigger ones are rejected while streaming)."),
    MIN_WIDTH("downloader.min-width", "0", WholeNumber.atLeast(0),
            "Narrowest image kept, in pixels as its header declares them (narrower ones are rejected once the header is read); 0 = no minimum."),
    MIN_HEIGHT("downloader.min-height", "0", WholeNumber.atLeast(0),
            "Shortest image kept, in pixels as its header declares them; 0 = no minimum."),
    MAX_PIXELS("downloader.max-pixels", "0", WholeNumber.atLeast(0),
            "Most pixels (width x height) an image kept may have; 0 = no limit, or 100000000 with downloader.verify=decode."),
    VERIFY("downloader.verify", "header", new OneOf("header", "decode"),
            "header: an image is kept when its first bytes are one; decode: each is also decoded before it is saved, and one that does not decode cleanly is rejected."),
    CONNECT_TIMEOUT_MILLIS("downloader.connect-timeout-millis", "10000", WholeNumber.atLeast(1),
            "Time allowed to open a connection, in milliseconds."),
    READ_TIMEOUT_MILLIS("downloader.read-timeout-millis", "30000", WholeNumber.atLeast(1),
            "Longest silence allowed while waiting for response bytes, in milliseconds."),
    MAX_REDIRECTS("downloader.max-redirects", "10", WholeNumber.atLeast(0),
            "Redirects followed per URL before giving up."),
    USER_AGENT("downloader.user-agent", "image-downloader/0.1", new Text(),
            "User-Agent sent with every request."),
    PROXY("downloader.proxy", "", new Text(),
            "Proxy for all requests, e.g. http://127.0.0.1:3128; empty = use http_proxy/https_proxy/no_proxy."),
    DOWNLOAD_TIMEOUT("downloader.download-timeout", "600", WholeNumber.atLeast(1),
            "Longest a single download may take, in seconds, however steadily bytes trickle in (not retried)."),
    BLOCK_PRIVATE_NETWORKS("downloader.block-private-networks", "false", new TrueFalse(),
            "Refuse URLs (and redirect hops) that resolve to loopback, private, link-local or multicast addresses."),
    HEADERS_FILE("downloader.headers-file", "", new Text(),
            "File of 'host-pattern: Header: value' lines (Cookie, Authorization, Referer...) sent only to matching hosts; empty = none."),
    ROBOTS_TXT("downloader.robots-txt", "false", new TrueFalse(),
            "Fetch each host's /robots.txt once a day and reject, unasked, the URLs it disallows for our product token."),
    OPT_OUT_DIRECTIVES("downloader.opt-out-directives", "noai,noimageai", new Text(),
            "X-Robots-Tag directives that make us leave an image alone, bare or for our product token (empty = not checked)."),
    REFRESH("downloader.refresh", "never", new OneOf("never", "conditional"),
            "never: a URL whose file is there is skipped without a request; conditional: asked again with its ETag/Last-Modified, and replaced if changed."),
    DEDUP_CONTENT("downloader.dedup-content", "true", new TrueFalse(),
            "Bytes that a file of the list's folder already holds are not saved again: the item ends duplicate, naming that file."),
    INDEX_IDLE_SECONDS("downloader.index-idle-seconds", "60", WholeNumber.atLeast(1),
            "Seconds a list folder's index stays open while none of its items uses it; a finished list's files and memory are let go after it."),
    MAX_LINE_LENGTH("downloader.max-line-length", "8192", new WholeNumber(1, Integer.MAX_VALUE),
            "Lines longer than this many characters are reported invalid."),
    PROGRESS_SECONDS("downloader.progress-seconds", "5", WholeNumber.atLeast(1),
            "Seconds between progress lines while a list runs."),
    KAFKA_BROKERS("downloader.kafka.brokers", "", new Text(),
            "Kafka bootstrap servers (host:port,...); set, the daemons that share them share the work (see Scale-out)."),
    KAFKA_ITEMS_TOPIC("downloader.kafka.items-topic", "image-downloader.items", new Text(),
            "Kafka topic of the item messages (created with downloader.kafka.partitions partitions when missing)."),
    KAFKA_OUTCOMES_TOPIC("downloader.kafka.outcomes-topic", "image-downloader.outcomes", new Text(),
            "Kafka topic of the outcome messages (created like the items topic when missing)."),
    KAFKA_GROUP("downloader.kafka.group", "image-downloader", new Text(),
            "Kafka consumer group of the daemons that share the items topic."),
    KAFKA_PARTITIONS("downloader.kafka.partitions", "12", WholeNumber.atLeast(1),
            "Partitions of a topic this daemon creates: at most this many daemons download at once."),
    // 6 s is the broker's default group.min.session.timeout.ms: a shorter session is refused at join.
    KAFKA_SESSION_TIMEOUT_SECONDS("downloader.kafka.session-timeout-seconds", "10", WholeNumber.atLeast(6),
            "Seconds without a heartbeat before the group takes a daemon for dead and gives its partitions to the others (at least 6, the broker's default group.min.session.timeout.ms)."),
    HTTP_ENABLED("downloader.http-enabled", "true", new TrueFalse(),
            "Whether the daemon serves health, metrics, the JSON API and the status page (the one-shot CLI never does)."),
    HTTP_HOST("downloader.http-host", "127.0.0.1", new Text(),
            "Address the HTTP server listens on; anything but loopback needs downloader.api-token for writing."),
    HTTP_PORT("downloader.http-port", "9876", new WholeNumber(0, 65_536),
            "Port of the HTTP server (0 = any free port)."),
    API_TOKEN("downloader.api-token", "", new Text(),
            "Bearer token that PUT /api/lists requires; empty = writing allowed only while bound to loopback."),
    MAX_LIST_BYTES("downloader.max-list-bytes", "104857600", WholeNumber.atLeast(1),
            "Largest list accepted over HTTP, in bytes."),
    STALL_MINUTES("downloader.stall-minutes", "30", WholeNumber.atLeast(1),
            "An open list with no item ended for this long makes the health check report it stalled."),
    // Camel's shutdown strategy refuses a timeout of 0.
    SHUTDOWN_GRACE_SECONDS("downloader.shutdown-grace-seconds", "30", WholeNumber.atLeast(1),
            "On SIGTERM, seconds to let the open lists finish before stopping; an unfinished list is resumed next start.");

    public final String key;
    public final String defaultValue;
    public final Kind kind;
    public final String meaning;

    Setting(String key, String defaultValue, Kind kind, String meaning) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.kind = kind;
        this.meaning = meaning;
    }

    /** This setting's value from lookup (null when unset), checked and parsed as its kind says. */
    Object read(Function<String, String> lookup) {
        String value = lookup.apply(key);
        if (value == null) {
            throw new IllegalArgumentException("missing setting " + key);
        }
        return kind.parse(key, value.trim());
    }

    /** How a value is written; every complaint names the key so a bad start says what to fix. */
    public sealed interface Kind permits WholeNumber, Decimal, Span, TrueFalse, OneOf, Text, Endpoint, FilePath, Output {
        Object parse(String key, String value);
    }

    public record WholeNumber(long min, long under) implements Kind {
        static WholeNumber atLeast(long min) {
            return new WholeNumber(min, Long.MAX_VALUE);
        }

        @Override
        public Long parse(String key, String value) {
            long n;
            try {
                n = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'");
            }
            if (n < min) {
                throw new IllegalArgumentException(key + " must be at least " + min + ", not " + n);
            }
            if (n >= under) {
                throw new IllegalArgumentException(key + " must be under " + under + ", not " + n);
            }
            return n;
        }
    }

    /** A number of at least 0, decimals allowed. */
    public record Decimal() implements Kind {
        @Override
        public Double parse(String key, String value) {
            double n;
            try {
                n = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be a number, not '" + value + "'");
            }
            if (!(n >= 0) || Double.isInfinite(n)) {
                throw new IllegalArgumentException(key + " must be a number of at least 0, not '" + value + "'");
            }
            return n;
        }
    }

    public record TrueFalse() implements Kind {
        @Override
        public Boolean parse(String key, String value) {
            // Boolean.parseBoolean would quietly read a typo as false.
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(key + " must be true or false, not '" + value + "'");
            }
            return Boolean.parseBoolean(value);
        }
    }

    /** A length of time: a whole number and s, m or h. */
    public record Span() implements Kind {
        private static final Pattern SPAN = Pattern.compile("(\\d{1,9})\\s*([smh])");

        @Override
        public Duration parse(String key, String value) {
            Matcher m = SPAN.matcher(value);
            if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw new IllegalArgumentException(key + " must be a length of time such as 30m, 90s or 2h, not '" + value + "'");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
    }

    /** One of a few words. */
    public record OneOf(String... words) implements Kind {
        @Override
        public String parse(String key, String value) {
            for (String word : words) {
                if (word.equalsIgnoreCase(value)) {
                    return word;
                }
            }
            throw new IllegalArgumentException(key + " must be one of " + String.join(", ", words) + ", not '" + value + "'");
        }
    }

    public record Text() implements Kind {
        @Override
        public String parse(String key, String value) {
            return value;
        }
    }

    /** Empty, or an http:// or https:// URL naming a host: where an S3 API answers. */
    public record Endpoint() implements Kind {
        @Override
        public String parse(String key, String value) {
            if (value.isEmpty()) {
                return value;
            }
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null
                    || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw new IllegalArgumentException(key + " must be an http:// or https:// URL such as http://127.0.0.1:9000, not '" + value + "'");
            }
            return value;
        }
    }

    public record FilePath() implements Kind {
        @Override
        public Path parse(String key, String value) {
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(key + " must be a path, not '" + value + "' (" + e.getReason() + ")");
            }
        }
    }
}
