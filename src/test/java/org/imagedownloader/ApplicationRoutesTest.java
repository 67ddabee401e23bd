package org.imagedownloader;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.Main;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole application (routes from routes/, application.properties, the beans) under Camel's JUnit 5
 * support, against a real image server on loopback: the test waits until the download route has done one
 * exchange per URL, instead of watching folders.
 */
class ApplicationRoutesTest extends CamelTestSupport {

    private static final byte[] IMAGE = Images.png(3_000, 11);

    @TempDir
    Path root;
    private ImageServer server;

    @Override
    protected void doPreSetup() {
        server = ImageServer.start().serveUnder("/img/", "image/png", IMAGE);
    }

    /** The context Camel Main builds for the daemon, not yet started: the test support starts and stops it. */
    @Override
    protected CamelContext createCamelContext() throws Exception {
        Main main = ImageDownloader.newMain(TestApp.settings(root, Map.of()), false);
        main.init();
        return main.getCamelContext();
    }

    @Override
    protected void doPostTearDown() {
        server.close();
    }

    private NotifyBuilder downloadsDone(int n) {
        return new NotifyBuilder(context).fromRoute("download").whenDone(n).create();
    }

    private Path folder(String list) {
        return root.resolve("downloads").resolve(list);
    }

    @Test
    void eachUrlOfADroppedListIsOneDownloadAndOnlyImagesAreSaved() throws Exception {
        server.stubFor(get(urlPathEqualTo("/gone.png")).willReturn(aResponse().withStatus(404)));
        server.stubFor(get(urlPathEqualTo("/page.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>not an image</html>")));
        List<String> urls = Stream.concat(Urls.numbered(server.url("/img/"), 3, ".png").stream(),
                Stream.of(server.url("/gone.png"), server.url("/page.png"))).toList();
        NotifyBuilder done = downloadsDone(urls.size());

        Inbox.drop(root.resolve("inbox"), "mixed.txt", Urls.text(urls));

        assertThat(done.matches(60, TimeUnit.SECONDS)).as("five downloads done").isTrue();
        try (Stream<Path> files = Files.list(folder("mixed"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("0.png", "1.png", "2.png");
        }
        for (int i = 0; i < 3; i++) {
            assertThat(folder("mixed").resolve(i + ".png")).hasBinaryContent(IMAGE);
        }
        server.verify(1, getRequestedFor(urlPathEqualTo("/gone.png")));
        server.verify(1, getRequestedFor(urlPathEqualTo("/page.png")));
    }

    @Test
    void aUrlThatFailsOnceIsRetriedWithinItsOneDownload() throws Exception {
        server.stubFor(get(urlPathEqualTo("/flaky.png")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
        server.stubFor(get(urlPathEqualTo("/flaky.png")).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png").withBody(IMAGE)));
        NotifyBuilder done = downloadsDone(1);

        Inbox.drop(root.resolve("inbox"), "flaky.txt", Urls.text(List.of(server.url("/flaky.png"))));

        assertThat(done.matches(60, TimeUnit.SECONDS)).as("one download done").isTrue();
        assertThat(folder("flaky").resolve("flaky.png")).hasBinaryContent(IMAGE);
        server.verify(2, getRequestedFor(urlPathMatching("/flaky\\.png")));
    }
}
