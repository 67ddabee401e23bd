package org.imagedownloader.fetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Headers sent only to the hosts they are meant for ({@code Cookie}, {@code Authorization}, {@code Referer}...),
 * from a file of {@code host-pattern: Header: value} lines. They are added by the HTTP client to each request
 * by the host it actually goes to, redirects included, so a header never follows a redirect to another
 * host; they never pass through a message, a log or a report.
 * <p>
 * A pattern is a host name ({@code example.org}) or {@code *.} and a domain ({@code *.example.org}: any
 * host under it, not the domain itself), matched without regard to case or port. The headers go over https
 * only (a redirect from https to plain http drops them), unless the pattern starts with {@code http://}.
 */
public final class HostHeaders implements HttpRequestInterceptor {

    private record Rule(String pattern, boolean plainHttp, String name, String value) {
        boolean matches(String scheme, String host) {
            if (!"https".equalsIgnoreCase(scheme) && !plainHttp) {
                return false;
            }
            return pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern);
        }
    }

    private static final String PLAIN_HTTP = "http://";

    private static final Pattern HOST_PATTERN = Pattern.compile("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    /** RFC 9110 token: what a header name may be. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final List<Rule> rules;

    private HostHeaders(List<Rule> rules) {
        this.rules = rules;
    }

    /**
     * Reads the file; any line that is not a comment, blank or a valid rule stops the start, named by its
     * number (its value is never shown: it may be a secret).
     */
    public static HostHeaders load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("downloader.headers-file " + file + " cannot be read: " + e.getMessage());
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            rules.add(rule(line, "downloader.headers-file " + file + " line " + (i + 1)));
        }
        return new HostHeaders(List.copyOf(rules));
    }

    /** One rule; a complaint never quotes the line, part of which may be a secret when it is malformed. */
    private static Rule rule(String line, String where) {
        boolean plainHttp = line.regionMatches(true, 0, PLAIN_HTTP, 0, PLAIN_HTTP.length());
        String rest = plainHttp ? line.substring(PLAIN_HTTP.length()) : line;
        int first = rest.indexOf(':');
        int second = first < 0 ? -1 : rest.indexOf(':', first + 1);
        if (second < 0) {
            throw new IllegalArgumentException(where + ": expected 'host-pattern: Header: value'");
        }
        String pattern = rest.substring(0, first).strip().toLowerCase(Locale.ROOT);
        String name = rest.substring(first + 1, second).strip();
        String value = rest.substring(second + 1).strip();
        if (!HOST_PATTERN.matcher(pattern).matches()) {
            throw new IllegalArgumentException(where + ": the host pattern is not a host name or *.domain");
        }
        if (!TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException(where + ": the header name is not a header name");
        }
        if (value.isEmpty() || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7F)) {
            throw new IllegalArgumentException(where + ": the value is empty or has control characters");
        }
        return new Rule(pattern, plainHttp, name, value);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    @Override
    public void process(HttpRequest request, EntityDetails entity, HttpContext context) {
        URIAuthority authority = request.getAuthority();
        String host = authority == null ? "" : authority.getHostName().toLowerCase(Locale.ROOT);
        // A copy of one of our headers carried over from the request before a redirect goes first; any
        // other header of the same name (the User-Agent, say) is not ours to touch.
        for (Rule rule : rules) {
            for (Header h : request.getHeaders(rule.name())) {
                if (h.getValue().equals(rule.value())) {
                    request.removeHeader(h);
                }
            }
        }
        for (Rule rule : rules) {
            if (rule.matches(request.getScheme(), host)) {
                request.addHeader(rule.name(), rule.value());
            }
        }
    }

    @Override
    public String toString() { // values may be secrets
        return "HostHeaders[" + rules.size() + " rule(s)]";
    }
}
