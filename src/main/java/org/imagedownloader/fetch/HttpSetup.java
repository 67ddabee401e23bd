package org.imagedownloader.fetch;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;

/** What the http component has no option for: choosing a proxy per URL from the usual variables. */
public final class HttpSetup implements HttpClientConfigurer {

    private final ProxyConfig proxies;

    public HttpSetup(ProxyConfig proxies) {
        this.proxies = proxies;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        if (proxies != null) {
            builder.setRoutePlanner(new SystemDefaultRoutePlanner(proxies));
        }
    }
}
