package org.imagedownloader.fetch;

import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.http.common.HttpHeaderFilterStrategy;
import org.apache.hc.core5.http.HttpHeaders;

/**
 * The http component's header filter: of the message's headers, only a conditional refresh's validators
 * become request headers (a list's URL must never smuggle anything else into a request); response headers
 * come through as usual.
 */
public final class ConditionalHeaders extends HttpHeaderFilterStrategy {

    private static final Set<String> SENT = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    static {
        SENT.add(HttpHeaders.IF_NONE_MATCH);
        SENT.add(HttpHeaders.IF_MODIFIED_SINCE);
    }

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !SENT.contains(headerName);
    }
}
