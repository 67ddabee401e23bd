package org.imagedownloader.polite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One host's robots.txt as RFC 9309 reads it, for one product token: the group naming the token (all such
 * groups together), else the {@code *} group, else no rule. A path is allowed unless the longest matching
 * rule is a disallow ({@code *} matches any characters, a final {@code $} the end; allow wins a tie).
 */
public final class RobotsTxt {

    /** The most a host's robots.txt is read for (RFC 9309 asks for at least 500 KiB). */
    public static final int MAX_BYTES = 512 * 1024;

    /** Every path allowed: no robots.txt (4xx), or no group for us. */
    public static final RobotsTxt ALLOW_ALL = new RobotsTxt(List.of());
    /** Nothing allowed: robots.txt could not be had (5xx, network), which RFC 9309 reads as a complete disallow. */
    public static final RobotsTxt DISALLOW_ALL = new RobotsTxt(List.of(new Rule("/", false)));

    private record Rule(String pattern, boolean allow) {
        /** The pattern's length when it matches the path, else -1. */
        int match(String path) {
            boolean anchored = pattern.endsWith("$");
            String p = anchored ? pattern.substring(0, pattern.length() - 1) : pattern;
            return matches(anchored ? p : p + "*", path) ? pattern.length() : -1;
        }

        /**
         * Whether the whole path matches, '*' matching any run of characters: two pointers that go back to
         * the last star on a mismatch, so a hostile pattern costs at most pattern × path steps.
         */
        private static boolean matches(String p, String path) {
            int i = 0;
            int j = 0;
            int star = -1;
            int resume = 0;
            while (j < path.length()) {
                if (i < p.length() && p.charAt(i) == '*') {
                    star = i++;
                    resume = j;
                } else if (i < p.length() && p.charAt(i) == path.charAt(j)) {
                    i++;
                    j++;
                } else if (star >= 0) {
                    i = star + 1;
                    j = ++resume;
                } else {
                    return false;
                }
            }
            while (i < p.length() && p.charAt(i) == '*') {
                i++;
            }
            return i == p.length();
        }
    }

    private final List<Rule> rules;

    private RobotsTxt(List<Rule> rules) {
        this.rules = rules;
    }

    /** Reads a robots.txt for the product token (our User-Agent's name, without version). */
    public static RobotsTxt parse(String text, String product) {
        String token = product.toLowerCase(Locale.ROOT);
        List<Rule> ours = new ArrayList<>();
        List<Rule> anyone = new ArrayList<>();
        boolean forUs = false;
        boolean forAnyone = false;
        boolean inAgents = false;
        boolean sawOurs = false;
        for (String raw : text.split("\r\n|\r|\n")) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (key.equals("user-agent")) {
                if (!inAgents) {
                    forUs = false;
                    forAnyone = false;
                    inAgents = true;
                }
                String agent = value.toLowerCase(Locale.ROOT);
                if (agent.equals(token)) {
                    forUs = true;
                    sawOurs = true;
                } else if (agent.equals("*")) {
                    forAnyone = true;
                }
            } else if (key.equals("allow") || key.equals("disallow")) {
                inAgents = false;
                if (value.isEmpty()) {
                    continue; // an empty disallow allows everything: no rule
                }
                Rule rule = new Rule(value, key.equals("allow"));
                if (forUs) {
                    ours.add(rule);
                }
                if (forAnyone) {
                    anyone.add(rule);
                }
            } else {
                inAgents = false; // sitemap, crawl-delay...: not ours to follow
            }
        }
        List<Rule> rules = sawOurs ? ours : anyone;
        return rules.isEmpty() ? ALLOW_ALL : new RobotsTxt(List.copyOf(rules));
    }

    /** Whether a path (with its query, as in the URL) may be fetched. */
    public boolean allows(String pathAndQuery) {
        if (pathAndQuery.equals("/robots.txt")) {
            return true;
        }
        int best = -1;
        boolean allowed = true;
        for (Rule rule : rules) {
            int length = rule.match(pathAndQuery);
            if (length > best || length == best && rule.allow()) {
                best = length;
                allowed = rule.allow();
            }
        }
        return allowed;
    }
}
