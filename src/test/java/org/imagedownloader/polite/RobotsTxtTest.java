package org.imagedownloader.polite;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RobotsTxtTest {

    private static final String FILE = """
            # a typical file
            User-agent: *
            Disallow: /private/
            Allow: /private/public.jpg
            Disallow: /*.gif$

            User-agent: otherbot
            Disallow: /

            User-agent: image-downloader
            User-agent: someone-else
            Disallow: /ours/   # our own group
            Disallow:
            Sitemap: https://example.org/sitemap.xml
            Crawl-delay: 3600
            """;

    private static RobotsTxt parse(String text, String product) {
        return RobotsTxt.parse("http://example.org/robots.txt", text.getBytes(StandardCharsets.UTF_8), product);
    }

    private static boolean allows(RobotsTxt robots, String pathAndQuery) {
        return robots.allows(URI.create("http://example.org" + pathAndQuery));
    }

    @ParameterizedTest
    @CsvSource({
        "/ours/a.jpg, false",
        "/private/a.jpg, true", // our group replaces the * group entirely
        "/a.gif, true", // and a long crawl-delay in it is not read as "nothing allowed"
        "/robots.txt, true",
    })
    void ourOwnGroupIsTheOneFollowed(String path, boolean allowed) {
        assertThat(allows(parse(FILE, "Image-Downloader"), path)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({
        "/private/a.jpg, false",
        "/private/public.jpg, true",
        "/public/a.jpg, true",
        "/x/a.gif, false",
        "/x/a.gif?v=1, true",
        "/ours/a.jpg, true",
    })
    void withoutAGroupOfOurOwnTheStarGroupCountsAndTheLongestRuleWins(String path, boolean allowed) {
        assertThat(allows(parse(FILE, "stranger"), path)).isEqualTo(allowed);
    }

    @Test
    void anAllowWinsATieAndWildcardsMatchAnything() {
        RobotsTxt robots = parse("User-agent: *\nDisallow: /a\nAllow: /a\nDisallow: /img/*/full\n", "x");
        assertThat(allows(robots, "/a/b.jpg")).isTrue();
        assertThat(allows(robots, "/img/2026/full/b.jpg")).isFalse();
        assertThat(allows(robots, "/img/2026/thumb/b.jpg")).isTrue();
    }

    @Test
    void aProductTokenMatchesOnlyTheWholeAgentName() {
        RobotsTxt robots = parse("User-agent: image\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\n", "image-downloader");
        assertThat(allows(robots, "/a.jpg")).isTrue();
        assertThat(allows(robots, "/private/a.jpg")).isFalse();
    }

    @Test
    void anEmptyOrForeignFileAllowsEverythingAndTheUnreachableOneNothingButItself() {
        assertThat(allows(parse("", "x"), "/a.jpg")).isTrue();
        assertThat(allows(parse("User-agent: otherbot\nDisallow: /\n", "x"), "/a.jpg")).isTrue();
        assertThat(allows(RobotsTxt.DISALLOW_ALL, "/a.jpg")).isFalse();
        assertThat(allows(RobotsTxt.DISALLOW_ALL, "/robots.txt")).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "/%70rivate/a.jpg, false", // %70 is a plain 'p'
        "/private%2Fa.jpg, true", // an encoded slash is not a slash
        "/caf%C3%A9/a.jpg, false",
        "/caf%c3%a9/a.jpg, false",
        "/public/a.jpg, true",
    })
    void pathsAreComparedWithTheirPercentEncodingNormalised(String path, boolean allowed) {
        RobotsTxt robots = parse("User-agent: *\nDisallow: /private/\nDisallow: /café/\n", "x");
        assertThat(allows(robots, path)).isEqualTo(allowed);
    }

    @Test
    void aRuleWrittenPercentEncodedMatchesThePlainPath() {
        RobotsTxt robots = parse("User-agent: *\nDisallow: /%7Euser/\n", "x");
        assertThat(allows(robots, "/~user/a.jpg")).isFalse();
        assertThat(allows(robots, "/user/a.jpg")).isTrue();
    }

    @Test
    void aHostilePatternIsAnsweredAtOnce() {
        // A backtracking matcher takes exponential time on these; the test would not end.
        String pattern = "/*" + "a*".repeat(40) + "b";
        RobotsTxt robots = parse("User-agent: *\nDisallow: " + pattern + "\n", "x");
        String path = "/" + "a".repeat(20_000);
        assertThat(allows(robots, path)).isTrue();
        assertThat(allows(robots, path + "b")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 410})
    void aClientErrorMeansThereIsNoRobotsTxt(int status) {
        assertThat(RobotsTxt.unavailable(status)).isSameAs(RobotsTxt.ALLOW_ALL);
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 502, 503, 304})
    void tooManyRequestsLikeAServerErrorMeansNothingIsAllowed(int status) {
        assertThat(RobotsTxt.unavailable(status)).isSameAs(RobotsTxt.DISALLOW_ALL);
    }
}
