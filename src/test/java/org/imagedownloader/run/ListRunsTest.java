package org.imagedownloader.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.ItemResult;
import org.imagedownloader.message.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list side on its own: what the reader promises the splitter, and what the outcomes add up to. */
class ListRunsTest {

    @TempDir
    Path dir;

    private final DefaultCamelContext context = new DefaultCamelContext();

    private Exchange exchange(Object body) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setBody(body);
        return exchange;
    }

    @Test
    void theReaderKeepsWhatItPromisedEvenWhenAnOutcomeArrivesBetweenHasNextAndNext() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 65; i++) {
            sb.append("http://a.example/0.jpg\n"); // the URL, then repeats decided while reading
        }
        Path list = Files.writeString(dir.resolve("cats.txt"), sb);
        // queue-size 1: the reader may be at most 64 lines past the first line without an outcome.
        ListRuns lists = new ListRuns(Files.createDirectories(dir.resolve("out")), null, 4, 1, 2000, 10);
        Exchange opened = exchange(list.toFile());
        opened.getIn().setBody(list.toFile(), File.class);
        lists.open(opened);
        Iterator<Item> urls = lists.urls(opened);

        Item first = urls.next();
        assertThat(lists.credit(exchange(first))).isSameAs(first);
        assertThat(urls.hasNext()).as("line 65 is past the window and must wait in credit").isTrue();
        lists.aggregate(null, exchange(new ItemResult(first, Outcome.DOWNLOADED, 200, "0.jpg", 1, "image/jpeg", 1, 1,
                null, false, null)));

        Item last = urls.next();
        assertThat(last.line()).isEqualTo(65);
        assertThat(last.verdict()).isEqualTo(Outcome.DUPLICATE);
        assertThat(lists.credit(exchange(last))).as("counted, not sent").isNull();
        assertThat(urls.hasNext()).isFalse();
        assertThat(lists.run(opened.getProperty(ListRuns.RUN_ID, String.class)).progress().done()).isEqualTo(65);
    }
}
