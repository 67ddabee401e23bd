package org.imagedownloader.fetch;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;

/**
 * What the http component has no option for: choosing a proxy per URL from the usual variables, headers
 * meant for some hosts only, and a deadline for a response's header.
 */
public final class HttpSetup implements HttpClientConfigurer {

    private final ProxyConfig proxies;
    private final HostHeaders headers;
    private final ResponseDeadline deadline;

    /** @param proxies null for none; @param headers null for none */
    public HttpSetup(ProxyConfig proxies, HostHeaders headers, ResponseDeadline deadline) {
        this.proxies = proxies;
        this.headers = headers;
        this.deadline = deadline;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        // First: around the redirect hops too.
        builder.addExecInterceptorFirst("response-deadline", deadline);
        if (proxies != null) {
            builder.setRoutePlanner(new SystemDefaultRoutePlanner(proxies));
        }
        if (headers != null && !headers.isEmpty()) {
            // Last: runs for every request the client sends, each redirect hop included, by its own host.
            builder.addRequestInterceptorLast(headers);
        }
    }
}
