package org.imagedownloader.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyConfigTest {

    private static final URI HTTP = URI.create("http://images.example.com/x.jpg");
    private static final URI HTTPS = URI.create("https://images.example.com/x.jpg");

    /** The one proxy chosen for a URL, as "host:port", or "DIRECT". */
    private static String chosen(ProxyConfig config, URI uri) {
        List<Proxy> proxies = config.select(uri);
        assertThat(proxies).hasSize(1);
        Proxy proxy = proxies.get(0);
        if (proxy.type() == Proxy.Type.DIRECT) {
            return "DIRECT";
        }
        assertThat(proxy.type()).isEqualTo(Proxy.Type.HTTP);
        InetSocketAddress address = (InetSocketAddress) proxy.address();
        return address.getHostString() + ":" + address.getPort();
    }

    private static String chosen(ProxyConfig config, String uri) {
        return chosen(config, URI.create(uri));
    }

    @Test
    void nothingConfiguredMeansNoSelector() {
        assertThat(ProxyConfig.from(null, Map.of())).isNull();
        assertThat(ProxyConfig.from("", Map.of())).isNull();
        assertThat(ProxyConfig.from("   ", Map.of("http_proxy", " ", "HTTPS_PROXY", ""))).isNull();
    }

    @Test
    void noProxyAloneMeansNoSelector() {
        assertThat(ProxyConfig.from(null, Map.of("no_proxy", "localhost", "PATH", "/usr/bin"))).isNull();
    }

    @Test
    void settingAppliesToBothSchemes() {
        ProxyConfig config = ProxyConfig.from("http://proxy.local:3128", Map.of());
        assertThat(chosen(config, HTTP)).isEqualTo("proxy.local:3128");
        assertThat(chosen(config, HTTPS)).isEqualTo("proxy.local:3128");
    }

    @Test
    void settingWinsOverEnvironment() {
        ProxyConfig config = ProxyConfig.from(" http://setting:1111 ", Map.of(
                "http_proxy", "http://env-http:2222", "https_proxy", "http://env-https:3333"));
        assertThat(chosen(config, HTTP)).isEqualTo("setting:1111");
        assertThat(chosen(config, HTTPS)).isEqualTo("setting:1111");
    }

    @Test
    void blankSettingFallsBackToEnvironment() {
        ProxyConfig config = ProxyConfig.from("  ", Map.of("http_proxy", "http://env:2222"));
        assertThat(chosen(config, HTTP)).isEqualTo("env:2222");
    }

    @Test
    void environmentProxyIsChosenPerScheme() {
        ProxyConfig config = ProxyConfig.from(null, Map.of(
                "http_proxy", "http://plain:8080", "https_proxy", "http://secure:8443"));
        assertThat(chosen(config, HTTP)).isEqualTo("plain:8080");
        assertThat(chosen(config, HTTPS)).isEqualTo("secure:8443");
    }

    @Test
    void onlyHttpProxySetLeavesHttpsDirect() {
        ProxyConfig config = ProxyConfig.from(null, Map.of("http_proxy", "http://plain:8080"));
        assertThat(chosen(config, HTTP)).isEqualTo("plain:8080");
        assertThat(chosen(config, HTTPS)).isEqualTo("DIRECT");
    }

    @Test
    void onlyHttpsProxySetLeavesHttpDirect() {
        ProxyConfig config = ProxyConfig.from(null, Map.of("https_proxy", "http://secure:8443"));
        assertThat(chosen(config, HTTP)).isEqualTo("DIRECT");
        assertThat(chosen(config, HTTPS)).isEqualTo("secure:8443");
    }

    @Test
    void schemeOfTheUrlIsMatchedCaseInsensitively() {
        ProxyConfig config = ProxyConfig.from(null, Map.of("https_proxy", "http://secure:8443"));
        assertThat(chosen(config, "HTTPS://images.example.com/x.jpg")).isEqualTo("secure:8443");
    }

    @Test
    void upperCaseEnvironmentNamesWork() {
        ProxyConfig config = ProxyConfig.from(null, Map.of(
                "HTTP_PROXY", "http://plain:8080", "HTTPS_PROXY", "http://secure:8443", "NO_PROXY", "internal.example"));
        assertThat(chosen(config, HTTP)).isEqualTo("plain:8080");
        assertThat(chosen(config, HTTPS)).isEqualTo("secure:8443");
        assertThat(chosen(config, "http://internal.example/x.jpg")).isEqualTo("DIRECT");
    }

    @Test
    void lowerCaseEnvironmentNamesWinOverUpperCase() {
        ProxyConfig config = ProxyConfig.from(null, Map.of(
                "http_proxy", "http://lower:1", "HTTP_PROXY", "http://upper:2"));
        assertThat(chosen(config, HTTP)).isEqualTo("lower:1");
    }

    @Test
    void noProxyExactHostBypasses() {
        ProxyConfig config = ProxyConfig.from("http://p:3128", Map.of("no_proxy", "localhost,images.example.com"));
        assertThat(chosen(config, HTTP)).isEqualTo("DIRECT");
        assertThat(chosen(config, HTTPS)).isEqualTo("DIRECT");
        assertThat(chosen(config, "http://localhost:8080/x.jpg")).isEqualTo("DIRECT");
        assertThat(chosen(config, "http://other.example.com/x.jpg")).isEqualTo("p:3128");
    }

    @Test
    void noProxySuffixWithoutLeadingDotMatchesDomainAndSubdomains() {
        ProxyConfig config = ProxyConfig.from("http://p:3128", Map.of("no_proxy", "example.com"));
        assertThat(chosen(config, "http://example.com/x.jpg")).isEqualTo("DIRECT");
        assertThat(chosen(config, "http://images.example.com/x.jpg")).isEqualTo("DIRECT");
        assertThat(chosen(config, "http://a.b.example.com/x.jpg")).isEqualTo("DIRECT");
        assertThat(chosen(config, "http://badexample.com/x.jpg")).isEqualTo("p:3128");
        assertThat(chosen(config, "http://example.com.evil.net/x.jpg")).isEqualTo("p:3128");
    }

    @Test
    void noProxySuffixWithLeadingDotMatchesDomainAndSubdomains() {
        ProxyConfig config = ProxyConfig.from("http://p:3128", Map.of("no_proxy", ".example.com"));
        assertThat(chosen(config, "http://images.example.com/x.jpg")).isEqualTo("DIRECT");
        assertThat(chosen(config, "http://example.com/x.jpg")).isEqualTo("DIRECT");
        assertThat(chosen(config, "http://badexample.com/x.jpg")).isEqualTo("p:3128");
    }

    @Test
    void noProxyIsCaseInsensitiveAndToleratesSpacesAndEmptyEntries() {
        ProxyConfig config = ProxyConfig.from("http://p:3128", Map.of("no_proxy", " , Example.COM ,, .Internal "));
        assertThat(chosen(config, "http://IMAGES.example.com/x.jpg")).isEqualTo("DIRECT");
        assertThat(chosen(config, "http://host.internal/x.jpg")).isEqualTo("DIRECT");
        assertThat(chosen(config, "http://elsewhere.org/x.jpg")).isEqualTo("p:3128");
    }

    @Test
    void noProxyStarBypassesEverything() {
        ProxyConfig config = ProxyConfig.from(null, Map.of(
                "http_proxy", "http://p:3128", "https_proxy", "http://p:3128", "no_proxy", "*"));
        assertThat(chosen(config, HTTP)).isEqualTo("DIRECT");
        assertThat(chosen(config, HTTPS)).isEqualTo("DIRECT");
        assertThat(chosen(config, "http://10.0.0.1/x.jpg")).isEqualTo("DIRECT");
    }

    @Test
    void noProxyAppliesToTheSettingToo() {
        ProxyConfig config = ProxyConfig.from("http://p:3128", Map.of("NO_PROXY", "example.com"));
        assertThat(chosen(config, HTTP)).isEqualTo("DIRECT");
    }

    @Test
    void noProxyMatchesIpHostsExactly() {
        ProxyConfig config = ProxyConfig.from("http://p:3128", Map.of("no_proxy", "127.0.0.1"));
        assertThat(chosen(config, "http://127.0.0.1:8080/x.jpg")).isEqualTo("DIRECT");
        assertThat(chosen(config, "http://127.0.0.2/x.jpg")).isEqualTo("p:3128");
    }

    @Test
    void proxyWithoutSchemeWorks() {
        ProxyConfig config = ProxyConfig.from("127.0.0.1:3128", Map.of());
        assertThat(chosen(config, HTTP)).isEqualTo("127.0.0.1:3128");
        ProxyConfig fromEnv = ProxyConfig.from(null, Map.of("https_proxy", "proxy.corp:8080"));
        assertThat(chosen(fromEnv, HTTPS)).isEqualTo("proxy.corp:8080");
    }

    @Test
    void defaultPortIs80() {
        assertThat(chosen(ProxyConfig.from("http://proxy.corp", Map.of()), HTTP)).isEqualTo("proxy.corp:80");
        assertThat(chosen(ProxyConfig.from("proxy.corp", Map.of()), HTTP)).isEqualTo("proxy.corp:80");
        assertThat(chosen(ProxyConfig.from("http://proxy.corp/", Map.of()), HTTP)).isEqualTo("proxy.corp:80");
    }

    @Test
    void proxyAddressIsLeftUnresolved() {
        Proxy proxy = ProxyConfig.from("http://proxy.invalid:3128", Map.of()).select(HTTP).get(0);
        assertThat(((InetSocketAddress) proxy.address()).isUnresolved()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://:3128", "http://", "not a proxy"})
    void proxyWithoutHostIsRefused(String setting) {
        assertThatThrownBy(() -> ProxyConfig.from(setting, Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectFailedIsHarmless() {
        ProxyConfig config = ProxyConfig.from("http://p:3128", Map.of());
        config.connectFailed(HTTP, InetSocketAddress.createUnresolved("p", 3128), new java.io.IOException("refused"));
        assertThat(chosen(config, HTTP)).isEqualTo("p:3128");
    }
}
