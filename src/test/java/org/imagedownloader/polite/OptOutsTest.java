package org.imagedownloader.polite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OptOutsTest {

    private final OptOuts optOuts = new OptOuts("noai, NoImageAI", "image-downloader/0.1 (+https://example.org)");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "noai                                   | noai",
        "NOIMAGEAI                              | noimageai",
        "noindex, noai                          | noai",
        "image-downloader: noai                 | image-downloader: noai",
        "Image-Downloader: noimageai            | image-downloader: noimageai",
        "otherbot: noindex, image-downloader: noai | image-downloader: noai",
        "otherbot: noindex, noai                | ''",
        "otherbot: noai                         | ''",
        "image-downloader-pro: noai             | ''",
        "unavailable_after: 25 Jun 2010 15:00:00 PST, noai | noai",
        "noindex, nofollow                      | ''",
        "none                                   | ''",
        "''                                     | ''",
    })
    void honoursOurDirectivesBareOrForOurProductTokenOnly(String header, String expected) {
        assertThat(optOuts.optOut(List.of(header)).orElse("")).isEqualTo(expected);
    }

    @Test
    void anyOfSeveralHeadersCounts() {
        assertThat(optOuts.optOut(List.of("otherbot: noai", "noimageai"))).contains("noimageai");
    }

    @Test
    void anEmptyListOfDirectivesHonoursNothing() {
        assertThat(new OptOuts("", "image-downloader/0.1").optOut(List.of("noai"))).isEmpty();
    }
}
