package org.imagedownloader.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlValidatorTest {

    private static final int LIMIT = 2048;

    private static UrlValidator.Result validate(String line) {
        return UrlValidator.validate(line, LIMIT);
    }

    private static URI valid(String line) {
        UrlValidator.Result result = validate(line);
        assertThat(result.valid()).as("valid: %s (error %s)", line, result.error()).isTrue();
        assertThat(result.error()).isNull();
        return result.url();
    }

    private static String error(String line) {
        UrlValidator.Result result = validate(line);
        assertThat(result.valid()).as("invalid: %s (url %s)", line, result.url()).isFalse();
        assertThat(result.url()).isNull();
        return result.error();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://example.com/cat.jpg",
            "https://example.com/cat.jpg",
            "https://example.com/a/b/c.png?size=large&v=2",
            "http://example.com",
            "http://example.com/",
            "http://example.com:8080/cat.jpg",
            "http://127.0.0.1/cat.jpg",
            "http://[::1]:8080/cat.jpg",
            "http://[2001:db8::1]/cat.jpg",
            "http://localhost/x",
            "https://sub.domain.example.co.uk/path/to/img.webp",
            "http://example.com/a%20b.jpg",
            "http://example.com/%E2%82%AC.png",
            "http://example.com/path;param=1/cat.jpg",
            "http://example.com/~user/cat.jpg",
            "http://example.com/it's(1)!.jpg",
            "http://example.com/?q=a+b&r=c,d;e:f@g/h?i",
            "http://xn--bcher-kva.de/cat.jpg",
            "http://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com/",
            "http://example.com./cat.jpg"
    })
    void acceptsOrdinaryUrlsUnchanged(String line) {
        assertThat(valid(line)).hasToString(line);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "HTTP://EXAMPLE.COM/Cat.JPG | http://example.com/Cat.JPG",
            "HtTpS://Example.Com/A?B=C | https://example.com/A?B=C",
            "http://ExAmPlE.cOm:8080/x | http://example.com:8080/x",
            "http://[2001:DB8::1]/x | http://[2001:db8::1]/x"
    })
    void normalisesSchemeAndHostToLowerCaseButNotThePath(String line, String expected) {
        assertThat(valid(line)).hasToString(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://example.com/cat.jpg#top | http://example.com/cat.jpg",
            "http://example.com/cat.jpg?a=1#x#y#z | http://example.com/cat.jpg?a=1",
            "http://example.com/#/route/cat.jpg | http://example.com/",
            "http://example.com# | http://example.com",
            "http://example.com/a b#frag ment | http://example.com/a%20b"
    })
    void dropsTheFragment(String line, String expected) {
        URI url = valid(line);
        assertThat(url).hasToString(expected);
        assertThat(url.getFragment()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://example.com/my cat.jpg | http://example.com/my%20cat.jpg",
            "http://example.com/a  b.jpg | http://example.com/a%20%20b.jpg",
            "http://example.com/ö.png | http://example.com/%C3%B6.png",
            "http://example.com/中文.gif | http://example.com/%E4%B8%AD%E6%96%87.gif",
            "http://example.com/😀.png | http://example.com/%F0%9F%98%80.png",
            "http://example.com/?q=café | http://example.com/?q=caf%C3%A9",
            "'http://example.com/{a}|b^c`d' | http://example.com/%7Ba%7D%7Cb%5Ec%60d",
            "http://example.com/\"<x>\" | http://example.com/%22%3Cx%3E%22",
            "http://example.com/a\\b.jpg | http://example.com/a%5Cb.jpg",
            "http://example.com/[1].jpg | http://example.com/%5B1%5D.jpg",
            "http://example.com/100%.jpg | http://example.com/100%25.jpg",
            "http://example.com/%zz%4 | http://example.com/%25zz%254",
            "http://example.com/a%2Fb%20c | http://example.com/a%2Fb%20c",
            "http://example.com/%e2%82%ac | http://example.com/%e2%82%ac",
            "http://example.com/a\tb | http://example.com/a%09b",
            "http://example.com/a\u0000b | http://example.com/a%00b"
    })
    void percentEncodesWhatBrowsersWouldButKeepsExistingEscapes(String line, String expected) {
        assertThat(valid(line)).hasToString(expected);
    }

    @Test
    void encodedPathDecodesBackToWhatWasTyped() {
        assertThat(valid("http://example.com/my cat ö 😀.jpg").getPath()).isEqualTo("/my cat ö 😀.jpg");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://bücher.de/x.jpg | http://xn--bcher-kva.de/x.jpg",
            "https://BÜCHER.de/x.jpg | https://xn--bcher-kva.de/x.jpg",
            "http://例え.テスト/画像.png | http://xn--r8jz45g.xn--zckzah/%E7%94%BB%E5%83%8F.png",
            "http://münchen.de:8080/?q=ü | http://xn--mnchen-3ya.de:8080/?q=%C3%BC"
    })
    void convertsInternationalHostsToAscii(String line, String expected) {
        URI url = valid(line);
        assertThat(url).hasToString(expected);
        assertThat(url.getHost()).isEqualTo(URI.create(expected).getHost());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://alice:s3cret@example.com/private/cat.jpg",
            "http://s3cret@example.com/cat.jpg",
            "http://us er:s3cret@example.com/x",
            "http://me@s3cret@example.com/x",
            "http://trusted.example@evil.example/s3cret.jpg",
            "http://s3cret@/cat.jpg",
            "http://user:s3cret@:8080/"
    })
    void refusesCredentialsWithoutRepeatingThem(String line) {
        assertThat(error(line))
                .isEqualTo("credentials in a URL are never sent: give them as a header (downloader.headers-file)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://alice:s3cret@example.com/private/cat.jpg | https://***@example.com/private/cat.jpg",
            "http://me@home@example.com/x | http://***@example.com/x",
            "https://bob:AbC/dEf+g==@example.com/x.jpg | https://***@example.com/x.jpg",
            "https://bob:se#cret?x y@example.com/x.jpg | https://***@example.com/x.jpg",
            "x@y https://bob:s3cret@example.com/x.jpg | x@y https://***@example.com/x.jpg",
            "http//user:pw@example.com/x | http//***@example.com/x",
            "http:/alice:s3cret@example.com/x | http:/***@example.com/x",
            "'http:\\\\alice:s3cret@example.com/x' | 'http:\\\\***@example.com/x'",
            "//alice:s3cret@example.com/x | //***@example.com/x",
            "mailto:cat@example.com | mailto:cat@example.com",
            "not a url @ all | not a url @ all"
    })
    void showsALineWithoutItsCredentials(String line, String shown) {
        assertThat(UrlValidator.withoutCredentials(line)).isEqualTo(shown);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http//user:s3cret@example.com/x",
            "//alice:s3cret@example.com/x",
            "http:/alice:s3cret@example.com/x",
            "http:\\\\alice:s3cret@example.com/x",
            "alice:s3cret@example.com/x",
            "https://bob:s3cret/x@example.com/x.jpg",
            "https://bob:s3cret#x@example.com/x.jpg",
            "https://s3cret:AbC/x@example.com/x.jpg",
            "https://s3cret_:AbC/x@example.com/x.jpg"
    })
    void aRefusalNeverRepeatsCredentials(String line) {
        assertThat(error(line)).doesNotContain("s3cret");
    }

    @Test
    void anEmptyPortMeansTheDefault() {
        URI url = valid("http://example.com:/cat.jpg");
        assertThat(url).hasToString("http://example.com/cat.jpg");
        assertThat(url.getPort()).isEqualTo(-1);
    }

    @Test
    void resultIsAlwaysAbsoluteHttpWithAHost() {
        for (String line : new String[]{"http://a.b/c", "HTTPS://A.B", "http://x.y/ z", "http://ü.de"}) {
            URI url = valid(line);
            assertThat(url.isAbsolute()).isTrue();
            assertThat(url.getScheme()).isIn("http", "https");
            assertThat(url.getHost()).isNotEmpty().isLowerCase();
            assertThat(url.getFragment()).isNull();
        }
    }

    // --- refused

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ftp://example.com/cat.jpg | not an http(s) URL: scheme 'ftp'",
            "file:///etc/passwd | not an http(s) URL: scheme 'file'",
            "FILE:///etc/passwd | not an http(s) URL: scheme 'file'",
            "exec:rm -rf / | not an http(s) URL: scheme 'exec'",
            "javascript:alert(1) | not an http(s) URL: scheme 'javascript'",
            "JavaScript:alert(document.cookie)//http://x | not an http(s) URL: scheme 'javascript'",
            "data:image/png;base64,iVBORw0KGgo= | not an http(s) URL: scheme 'data'",
            "mailto:someone@example.com | not an http(s) URL: scheme 'mailto'",
            "jar:file:/x.jar!/a.png | not an http(s) URL: scheme 'jar'",
            "httpx://example.com/ | not an http(s) URL: scheme 'httpx'",
            "ws://example.com/ | not an http(s) URL: scheme 'ws'",
            "c:\\pictures\\cat.jpg | not an http(s) URL: scheme 'c'",
            "localhost:8080/cat.jpg | not an http(s) URL: scheme 'localhost'"
    })
    void refusesOtherSchemes(String line, String expected) {
        assertThat(error(line)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "example.com/cat.jpg",
            "www.example.com",
            "/etc/passwd",
            "../../etc/passwd",
            "//example.com/cat.jpg",
            "cat.jpg",
            "just some words",
            ":http://example.com",
            "1http://example.com",
            "-",
            "#http://example.com/commented.jpg",
            "http ://example.com",
            " http://example.com"
    })
    void refusesWhatIsNotAUrl(String line) {
        assertThat(error(line)).startsWith("not a URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http:/no-host",
            "http:no-host",
            "http:",
            "http://",
            "https://",
            "http:///cat.jpg",
            "http://?q=1",
            "http://#frag",
            "http://:80/cat.jpg"
    })
    void refusesUrlsWithoutAHost(String line) {
        assertThat(error(line)).startsWith("no host");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://exa_mple.com/",
            "http://exa%20mple.com/",
            "http://-example-.com/",
            "http://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com/",
            "http://example..com/",
            "http://.example.com/"
    })
    void refusesInvalidHosts(String line) {
        assertThat(error(line)).startsWith("invalid host");
    }

    @Test
    void aHostWrittenWithIdeographicFullStopsGetsAsciiDots() {
        assertThat(valid("http://example\u3002com/cat.jpg")).hasToString("http://example.com/cat.jpg");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://exa mple.com/",
            "http://example.com\\evil.com/",
            "http://[::1/cat.jpg",
            "http://[not-ipv6]/cat.jpg",
            "http://exa<mple>.com/"
    })
    void refusesMalformedAuthorities(String line) {
        assertThat(error(line)).matches("(invalid host|not a valid URL).*");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://example.com:99999/ | invalid port '99999'",
            "http://example.com:65536/ | invalid port '65536'",
            "http://example.com:80abc/ | invalid port '80abc'",
            "http://example.com:-1/ | invalid port '-1'",
            "http://example.com:8080:80/ | invalid port '8080:80'",
            "http://example.com:123456789012345678901234/ | invalid port '123456789012345678901234'"
    })
    void refusesInvalidPorts(String line, String expected) {
        assertThat(error(line)).isEqualTo(expected);
    }

    @Test
    void acceptsTheHighestPort() {
        assertThat(valid("http://example.com:65535/").getPort()).isEqualTo(65535);
        assertThat(valid("http://example.com:0/").getPort()).isZero();
    }

    @Test
    void refusesLinesOverTheLimitBeforeParsing() {
        String line = "http://example.com/" + "a".repeat(100);
        assertThat(UrlValidator.validate(line, 50).error()).isEqualTo("line too long (119 characters, limit 50)");
        assertThat(UrlValidator.validate(line, 119).valid()).isTrue();
        assertThat(UrlValidator.validate(line, 118).valid()).isFalse();
        assertThat(UrlValidator.validate("ftp://" + "x".repeat(60), 10).error()).startsWith("line too long");
    }

    @Test
    void theLimitCountsCharactersNotBytes() {
        String line = "http://example.com/" + "ö".repeat(10);
        assertThat(UrlValidator.validate(line, 29).valid()).isTrue();
        assertThat(UrlValidator.validate(line, 28).error()).isEqualTo("line too long (29 characters, limit 28)");
    }

    // --- errors are safe to log

    @ParameterizedTest
    @ValueSource(strings = {
            "not a url\u0000with NUL",
            "http:no host\r\nFAKE LOG LINE",
            "http://exa\u0007mple.com/",
            "http://\u001B[31mred\u001B[0m/",
            "http://\u2028/",
            "http://\u202Egpj.exe/",
            "foo\u0085bar",
            "http://ex\tample.com/",
            "http:\uD800"
    })
    void errorsContainNoControlCharacters(String line) {
        String error = error(line);
        assertThat(error.codePoints()).noneMatch(cp -> Character.isISOControl(cp)
                || Character.getType(cp) == Character.FORMAT
                || Character.getType(cp) == Character.SURROGATE
                || Character.getType(cp) == Character.LINE_SEPARATOR
                || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR);
    }

    @Test
    void controlCharactersAreShownEscaped() {
        assertThat(error("http:no host\r\nFAKE")).isEqualTo("no host: 'http:no host\\u000D\\u000AFAKE'");
    }

    @Test
    void echoedInputIsCutShort() {
        String line = "not-a-url-" + "x".repeat(1000);
        String error = error(line);
        assertThat(error).startsWith("not a URL: 'not-a-url-xxx").endsWith("...'");
        assertThat(error.length()).isLessThan(130);
    }

    @Test
    void longSchemesAreCutShortToo() {
        String error = error("x".repeat(500) + "://example.com/");
        assertThat(error).startsWith("not an http(s) URL: scheme 'xxx").endsWith("...'");
        assertThat(error.length()).isLessThan(150);
    }

    // --- the result record

    @Test
    void resultHoldsExactlyOneOfUrlAndError() {
        UrlValidator.Result ok = new UrlValidator.Result(URI.create("http://example.com/"), null);
        UrlValidator.Result failed = new UrlValidator.Result(null, "no host");
        assertThat(ok.valid()).isTrue();
        assertThat(failed.valid()).isFalse();
        assertThatThrownBy(() -> new UrlValidator.Result(null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UrlValidator.Result(URI.create("http://example.com/"), "both"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
