package org.imagedownloader.fetch;

import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.http.common.HttpHeaderFilterStrategy;

/**
 * The http component's header filter: of the message's headers, only a conditional refresh's validators
 * become request headers (a list's URL must never smuggle anything else into a request); response headers
 * come through as usual.
 */
public final class ConditionalHeaders extends HttpHeaderFilterStrategy {

    static final String IF_NONE_MATCH = "If-None-Match";
    static final String IF_MODIFIED_SINCE = "If-Modified-Since";

    private static final Set<String> SENT = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    static {
        SENT.add(IF_NONE_MATCH);
        SENT.add(IF_MODIFIED_SINCE);
    }

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !SENT.contains(headerName);
    }
}
