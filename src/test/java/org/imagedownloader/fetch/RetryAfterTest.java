package org.imagedownloader.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");

    private static String httpDate(Instant at) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
    }

    @Test
    void parsesDeltaSeconds() {
        assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse("1", NOW)).contains(Duration.ofSeconds(1));
    }

    @Test
    void zeroSecondsMeansRetryNow() {
        assertThat(RetryAfter.parse("0", NOW)).contains(Duration.ZERO);
    }

    @Test
    void toleratesSurroundingWhitespace() {
        assertThat(RetryAfter.parse("  30 \t", NOW)).contains(Duration.ofSeconds(30));
    }

    @Test
    void parsesHttpDateInTheFuture() {
        assertThat(RetryAfter.parse("Fri, 01 Mar 2024 12:01:30 GMT", NOW)).contains(Duration.ofSeconds(90));
        assertThat(RetryAfter.parse(httpDate(NOW.plusSeconds(3600)), NOW)).contains(Duration.ofHours(1));
    }

    @Test
    void httpDateInThePastMeansNoWait() {
        assertThat(RetryAfter.parse("Fri, 01 Mar 2024 11:59:00 GMT", NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void httpDateEqualToNowMeansNoWait() {
        assertThat(RetryAfter.parse(httpDate(NOW), NOW)).contains(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "-5", "1.5", "12abc", "0x10", "+10", "Friday", "2024-03-01T12:01:00Z",
            "Fri, 32 Mar 2024 12:00:00 GMT"})
    void garbageIsIgnored(String header) {
        assertThat(RetryAfter.parse(header, NOW)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t", "  \t  "})
    void nullOrBlankIsEmpty(String header) {
        assertThat(RetryAfter.parse(header, NOW)).isEmpty();
    }

    @Test
    void hugeNumberDoesNotThrow() {
        assertThatCode(() -> RetryAfter.parse("99999999999999999999999999999999", NOW)).doesNotThrowAnyException();
        assertThat(RetryAfter.parse("99999999999999999999999999999999", NOW))
                .hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofDays(365)));
    }

    @Test
    void largestLongIsAccepted() {
        assertThat(RetryAfter.parse(Long.toString(Long.MAX_VALUE), NOW)).contains(Duration.ofSeconds(Long.MAX_VALUE));
    }

    @Test
    void farFutureDateDoesNotThrow() {
        assertThat(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", NOW))
                .hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofDays(365L * 7000)));
    }
}
