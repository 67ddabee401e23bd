package org.imagedownloader.polite;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRules.RobotRulesMode;
import crawlercommons.robots.SimpleRobotRulesParser;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * What one host's robots.txt answer means for us, read by crawler-commons as RFC 9309 says: the group
 * naming our product token (all such groups together), else the {@code *} group, else no rule; the longest
 * matching rule wins, allow a tie; paths are compared with their percent-encoding normalised.
 */
public final class RobotsTxt {

    /** The most a host's robots.txt is read for (RFC 9309 asks for at least 500 KiB). */
    public static final int MAX_BYTES = 512 * 1024;

    /** Every path allowed: no robots.txt (4xx), or no group for us. */
    public static final RobotsTxt ALLOW_ALL = new RobotsTxt(new SimpleRobotRules(RobotRulesMode.ALLOW_ALL));
    /**
     * Nothing allowed but /robots.txt itself: robots.txt could not be had (5xx, 429, network), which RFC 9309
     * reads as a complete disallow.
     */
    public static final RobotsTxt DISALLOW_ALL = new RobotsTxt(disallowAll());

    private final BaseRobotRules rules;

    private RobotsTxt(BaseRobotRules rules) {
        this.rules = rules;
    }

    /** A rule rather than crawler-commons' "allow none", which would refuse /robots.txt too. */
    private static SimpleRobotRules disallowAll() {
        SimpleRobotRules rules = new SimpleRobotRules();
        rules.addRule("/", false);
        return rules;
    }

    /**
     * Reads a robots.txt (UTF-8, as RFC 9309 says) for the product token (our User-Agent's name, without
     * version); the URL it came from only names it in crawler-commons' own log lines.
     */
    public static RobotsTxt parse(String url, byte[] content, String product) {
        SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
        parser.setExactUserAgentMatching(true);
        // Crawl-delay is not ours to follow (downloader.per-host-rate paces a host): a long one must not
        // turn into "nothing allowed", as crawler-commons would make it.
        parser.setMaxCrawlDelay(Long.MAX_VALUE);
        return new RobotsTxt(parser.parseContent(url, content, null,
                List.of(product.toLowerCase(Locale.ROOT))));
    }

    /**
     * What an answer other than 2xx means: a 4xx that there is no robots.txt, so no rule; anything else,
     * 429 Too Many Requests included (the host is there but will not answer now, as with a 5xx), that it
     * could not be had.
     */
    public static RobotsTxt unavailable(int status) {
        return status >= 400 && status < 500 && status != 429 ? ALLOW_ALL : DISALLOW_ALL;
    }

    /** Whether a URL (its path with its query) may be fetched; /robots.txt always may. */
    public boolean allows(URI url) {
        return rules.isAllowed(url.toString());
    }
}
