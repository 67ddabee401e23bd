package org.imagedownloader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's view of a daemon whose output is a bucket: status page, API, metrics and health. */
class ObjectStorageViewTest {

    @TempDir
    Path root;
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theStatusPageApiAndMetricsWorkAndHealthGoesDownWhenTheBucketCannotBeReached() throws Exception {
        byte[] cat = Images.jpeg(20_000, 1);
        int port = HttpViewTest.freePort();
        S3Server s3 = S3Server.start().createBucket("watched");
        try (ImageServer images = ImageServer.start().serve("/cat.jpg", "image/jpeg", cat);
             TestApp app = TestApp.start(root, Map.of("downloader.output", "s3://watched/run",
                     "downloader.s3.endpoint", s3.endpoint(), "downloader.http-enabled", "true",
                     "downloader.http-port", String.valueOf(port)))) {
            try {
                app.drop("pets.txt", images.url("/cat.jpg") + "\n");
                app.awaitArchived("pets.txt");

                assertThat(get(port, "/").statusCode()).isEqualTo(200);
                assertThat(get(port, "/api/status").body()).contains("\"list\":\"pets.txt\"")
                        .contains("/api/reports/pets.report.csv").doesNotContain(S3Server.SECRET_KEY);
                HttpResponse<String> report = get(port, "/api/reports/pets.report.csv");
                assertThat(report.statusCode()).isEqualTo(200);
                assertThat(report.body()).isEqualTo(new String(s3.bytes("watched", "run/pets.report.csv"),
                        java.nio.charset.StandardCharsets.UTF_8));
                String metrics = get(port, "/observe/metrics").body();
                assertThat(HttpViewTest.metric(metrics, "image_downloader_items_total{outcome=\"downloaded\"}")).isEqualTo(1);
                assertThat(HttpViewTest.metric(metrics, "image_downloader_saved_bytes_total")).isEqualTo(cat.length);
                await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/observe/health").statusCode() == 200);
                assertThat(get(port, "/observe/health").body())
                        .contains("\"name\":\"bucket\",\"status\":\"UP\"");
            } finally {
                s3.close();
            }

            // The bucket's answer is kept a few seconds: the check sees the server gone within them.
            await().atMost(Duration.ofSeconds(20)).until(() -> get(port, "/observe/health").statusCode() == 503);
            assertThat(get(port, "/observe/health").body()).contains("\"name\":\"bucket\",\"status\":\"DOWN\"")
                    .contains("cannot reach bucket watched");
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
