package org.imagedownloader.polite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
            """;

    @ParameterizedTest
    @CsvSource({
        "/ours/a.jpg, false",
        "/private/a.jpg, true", // our group replaces the * group entirely
        "/a.gif, true",
        "/robots.txt, true",
    })
    void ourOwnGroupIsTheOneFollowed(String path, boolean allowed) {
        assertThat(RobotsTxt.parse(FILE, "Image-Downloader").allows(path)).isEqualTo(allowed);
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
        assertThat(RobotsTxt.parse(FILE, "stranger").allows(path)).isEqualTo(allowed);
    }

    @Test
    void anAllowWinsATieAndWildcardsMatchAnything() {
        RobotsTxt robots = RobotsTxt.parse("User-agent: *\nDisallow: /a\nAllow: /a\nDisallow: /img/*/full\n", "x");
        assertThat(robots.allows("/a/b.jpg")).isTrue();
        assertThat(robots.allows("/img/2026/full/b.jpg")).isFalse();
        assertThat(robots.allows("/img/2026/thumb/b.jpg")).isTrue();
    }

    @Test
    void anEmptyOrForeignFileAllowsEverythingAndTheUnreachableOneNothing() {
        assertThat(RobotsTxt.parse("", "x").allows("/a.jpg")).isTrue();
        assertThat(RobotsTxt.parse("User-agent: otherbot\nDisallow: /\n", "x").allows("/a.jpg")).isTrue();
        assertThat(RobotsTxt.DISALLOW_ALL.allows("/a.jpg")).isFalse();
        assertThat(RobotsTxt.DISALLOW_ALL.allows("/robots.txt")).isTrue();
    }

    @Test
    void aHostilePatternCostsNoMoreThanItsLengthTimesThePath() {
        RobotsTxt robots = RobotsTxt.parse("User-agent: *\nDisallow: /*a*a*a*a*a*a*a*a*b\n", "x");
        // A recursive matcher would take hours on these; this one answers at once.
        String path = "/" + "a".repeat(5_000);
        assertThat(robots.allows(path)).isTrue();
        assertThat(robots.allows(path + "b")).isFalse();
    }
}
