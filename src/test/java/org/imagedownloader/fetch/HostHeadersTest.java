package org.imagedownloader.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.net.URIAuthority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostHeadersTest {

    @TempDir
    Path dir;

    private HostHeaders load(String content) throws Exception {
        return HostHeaders.load(Files.writeString(dir.resolve("headers.txt"), content));
    }

    private static BasicHttpRequest to(String host) {
        return to("https", host);
    }

    private static BasicHttpRequest to(String scheme, String host) {
        BasicHttpRequest request = new BasicHttpRequest("GET", "/a.jpg");
        request.setScheme(scheme);
        request.setAuthority(new URIAuthority(host, 8080));
        return request;
    }

    @Test
    void headersGoOnlyToTheHostsTheyAreFor() throws Exception {
        HostHeaders headers = load("""
                # cookies for the gallery
                gallery.example: Cookie: session=s3cr3t
                *.cdn.example: Referer: https://gallery.example/
                Gallery.Example: Authorization: Bearer abc:def

                """);
        BasicHttpRequest gallery = to("GALLERY.example");
        headers.process(gallery, null, null);
        assertThat(gallery.getFirstHeader("Cookie").getValue()).isEqualTo("session=s3cr3t");
        assertThat(gallery.getFirstHeader("Authorization").getValue()).isEqualTo("Bearer abc:def");
        assertThat(gallery.getFirstHeader("Referer")).isNull();

        BasicHttpRequest cdn = to("img.cdn.example");
        headers.process(cdn, null, null);
        assertThat(cdn.getFirstHeader("Referer").getValue()).isEqualTo("https://gallery.example/");
        assertThat(cdn.getFirstHeader("Cookie")).isNull();

        BasicHttpRequest domainItself = to("cdn.example");
        headers.process(domainItself, null, null);
        assertThat(domainItself.getHeaders()).isEmpty();
    }

    @Test
    void aHeaderCarriedOverFromAnotherHostIsRemovedAndOthersOfTheSameNameAreLeftAlone() throws Exception {
        HostHeaders headers = load("gallery.example: Cookie: session=s3cr3t\ngallery.example: User-Agent: special\n");
        BasicHttpRequest redirected = to("elsewhere.example");
        redirected.addHeader("Cookie", "session=s3cr3t"); // as if copied from the request before the redirect
        redirected.addHeader("User-Agent", "image-downloader/0.1");
        headers.process(redirected, null, null);
        assertThat(redirected.getFirstHeader("Cookie")).isNull();
        assertThat(redirected.getFirstHeader("User-Agent").getValue()).isEqualTo("image-downloader/0.1");
    }

    @Test
    void plainHttpGetsTheHeadersOnlyWhenTheRuleSaysSo() throws Exception {
        HostHeaders headers = load("gallery.example: Cookie: session=s3cr3t\nhttp://cdn.example: Referer: https://g/\n");
        BasicHttpRequest downgraded = to("http", "gallery.example");
        headers.process(downgraded, null, null);
        assertThat(downgraded.getFirstHeader("Cookie")).isNull();
        BasicHttpRequest plain = to("http", "cdn.example");
        headers.process(plain, null, null);
        assertThat(plain.getFirstHeader("Referer").getValue()).isEqualTo("https://g/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gallery.example Cookie session", "gallery.example: Cookie", "bad host: Cookie: x",
        "gallery.example: Bad Name: x", "gallery.example: Cookie:   ", "*: Cookie: x", "a..b: Cookie: x"})
    void aBadLineStopsTheStartNamingItsLineButNotItsValue(String bad) throws Exception {
        assertThatThrownBy(() -> load("# fine\nok.example: Referer: https://ok.example/\n" + bad + "\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("headers.txt line 3")
                .hasMessageNotContaining("session");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> HostHeaders.load(dir.resolve("nope.txt")))
                .hasMessageContaining("downloader.headers-file").hasMessageContaining("nope.txt");
    }
}
