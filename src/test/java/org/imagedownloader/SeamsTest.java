package org.imagedownloader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.builder.NotifyBuilder;
import org.imagedownloader.message.Item;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-URL work needs nothing but the item message and the output folder: an item written by another
 * program (or another node), for a run this process never opened, is fetched and saved all the same,
 * and its outcome, which belongs to no run here, is dropped without harm.
 */
class SeamsTest {

    @TempDir
    Path root;
    ImageServer server;
    TestApp app;

    @BeforeEach
    void start() throws Exception {
        server = ImageServer.start().serve("/x.png", "image/png", Images.png(2_000, 7));
        app = TestApp.start(root, Map.of("downloader.watch", "false"));
    }

    @AfterEach
    void stop() {
        app.close();
        server.close();
    }

    @Test
    void anItemFromElsewhereIsFetchedIntoItsFolderWithNoListOpenHere() throws Exception {
        var context = app.main.getCamelContext();
        NotifyBuilder outcome = new NotifyBuilder(context).fromRoute("download").whenDone(1).create();
        Item item = new Item("a-run-of-another-node", "elsewhere.txt", "elsewhere", 0, 1, server.url("/x.png"),
                URI.create(server.url("/x.png")), null, null);

        context.createProducerTemplate().sendBody(context.resolvePropertyPlaceholders("{{seams.items}}"), item);

        assertThat(outcome.matches(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Path saved = app.output.resolve("elsewhere/x.png");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(saved));
        assertThat(saved).hasBinaryContent(Images.png(2_000, 7));
        assertThat(app.output.resolve("elsewhere.report.csv")).doesNotExist();
    }

    @Test
    void anItemNamingAFolderOutsideTheOutputIsRefusedAndNothingIsWritten() throws Exception {
        var context = app.main.getCamelContext();
        NotifyBuilder outcome = new NotifyBuilder(context).fromRoute("download").whenDone(1).create();
        Item item = new Item("run", "evil.txt", "../escaped", 0, 1, server.url("/x.png"),
                URI.create(server.url("/x.png")), null, null);

        context.createProducerTemplate().sendBody(context.resolvePropertyPlaceholders("{{seams.items}}"), item);

        assertThat(outcome.matches(15, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(root.resolve("escaped")).doesNotExist();
        assertThat(server.requestsUnder("/x.png")).isZero();
    }
}
