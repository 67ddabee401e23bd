package org.imagedownloader.polite;

import org.imagedownloader.attempt.Bodies;
import org.imagedownloader.attempt.RejectedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;

/**
 * Honours a server's opt-out sent as {@code X-Robots-Tag}: a directive of ours ({@code noai},
 * {@code noimageai} by default), bare or scoped to our product token ({@code image-downloader: noai}),
 * rejects the image unread. A directive scoped to another agent is that agent's business.
 */
public final class OptOuts {

    static final String HEADER = "X-Robots-Tag";

    /** Directives that carry a value after a colon, which is not an agent's name. */
    private static final Set<String> VALUED = Set.of("unavailable_after", "max-snippet", "max-image-preview",
            "max-video-preview");

    private final Set<String> directives;
    private final String product;

    /**
     * @param directiveList comma-separated directives to honour; empty turns the check off
     * @param userAgent     our User-Agent, whose product token (before any slash) scoped directives must name
     */
    public OptOuts(String directiveList, String userAgent) {
        this.directives = Arrays.stream(directiveList.split(","))
                .map(d -> d.trim().toLowerCase(Locale.ROOT))
                .filter(d -> !d.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        String token = userAgent.trim().split("[/\\s]", 2)[0];
        this.product = token.toLowerCase(Locale.ROOT);
    }

    /** The route's opt-out check, after the status check and before the body is read. */
    public void check(Exchange exchange) throws RejectedException, IOException {
        if (directives.isEmpty()) {
            return;
        }
        Optional<String> found = optOut(values(exchange.getIn().getHeader(HEADER)));
        if (found.isPresent()) {
            Bodies.discard(exchange.getIn().getBody(),
                    exchange.getIn().getHeader(Exchange.CONTENT_LENGTH, -1L, Long.class));
            throw new RejectedException("opted out: " + HEADER + " " + found.get());
        }
    }

    /** The first directive of ours among the header's values that applies to us, if any. */
    Optional<String> optOut(List<String> headerValues) {
        for (String value : headerValues) {
            String scope = null;
            for (String part : value.split(",")) {
                String directive = part.trim().toLowerCase(Locale.ROOT);
                int colon = directive.indexOf(':');
                if (colon > 0 && !VALUED.contains(directive.substring(0, colon).trim())) {
                    scope = directive.substring(0, colon).trim();
                    directive = directive.substring(colon + 1).trim();
                }
                if ((scope == null || scope.equals(product)) && directives.contains(directive)) {
                    return Optional.of(scope == null ? directive : scope + ": " + directive);
                }
            }
        }
        return Optional.empty();
    }

    /** A header given once is a string; given several times, Camel's http component makes it a list. */
    private static List<String> values(Object header) {
        List<String> values = new ArrayList<>();
        if (header instanceof Iterable<?> many) {
            many.forEach(v -> values.add(String.valueOf(v)));
        } else if (header != null) {
            values.add(header.toString());
        }
        return values;
    }
}
