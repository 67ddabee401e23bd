package org.imagedownloader.fetch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the proxy for a URL the way curl and wget do: {@code downloader.proxy} when set, else the
 * {@code http_proxy}/{@code https_proxy} environment variables (lower or upper case), except for hosts
 * matched by {@code no_proxy}. Java itself ignores these variables.
 */
public final class ProxyConfig extends ProxySelector {

    private final Proxy http;
    private final Proxy https;
    private final List<String> noProxy;

    private ProxyConfig(Proxy http, Proxy https, List<String> noProxy) {
        this.http = http;
        this.https = https;
        this.noProxy = noProxy;
    }

    /** The proxy selector for these settings, or null when nothing asks for a proxy. */
    public static ProxyConfig from(String setting, Map<String, String> env) {
        String all = setting == null || setting.isBlank() ? null : setting.trim();
        Proxy http = proxy(all != null ? all : env(env, "http_proxy"));
        Proxy https = proxy(all != null ? all : env(env, "https_proxy"));
        if (http == null && https == null) {
            return null;
        }
        String no = env(env, "no_proxy");
        List<String> hosts = no == null ? List.of() : Arrays.stream(no.split(","))
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty())
                .toList();
        return new ProxyConfig(http, https, hosts);
    }

    private static String env(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            value = env.get(name.toUpperCase(Locale.ROOT));
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Proxy proxy(String value) {
        if (value == null) {
            return null;
        }
        URI uri = URI.create(value.contains("://") ? value : "http://" + value);
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("proxy '" + value + "' has no host");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port));
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        Proxy proxy = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
        if (proxy == null || bypassed(host)) {
            return List.of(Proxy.NO_PROXY);
        }
        return List.of(proxy);
    }

    private boolean bypassed(String host) {
        for (String rule : noProxy) {
            String suffix = rule.startsWith(".") ? rule.substring(1) : rule;
            if (rule.equals("*") || host.equals(suffix) || host.endsWith("." + suffix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
        // Nothing to remember: the fetch fails and its redelivery policy decides what happens next.
    }
}
