package org.imagedownloader.fetch;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;

/**
 * What the http component has no option for: choosing a proxy per URL from the usual variables, and
 * headers meant for some hosts only.
 */
public final class HttpSetup implements HttpClientConfigurer {

    private final ProxyConfig proxies;
    private final HostHeaders headers;

    /** @param proxies null for none; @param headers null for none */
    public HttpSetup(ProxyConfig proxies, HostHeaders headers) {
        this.proxies = proxies;
        this.headers = headers;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        if (proxies != null) {
            builder.setRoutePlanner(new SystemDefaultRoutePlanner(proxies));
        }
        if (headers != null && !headers.isEmpty()) {
            // Last: runs for every request the client sends, each redirect hop included, by its own host.
            builder.addRequestInterceptorLast(headers);
        }
    }
}
