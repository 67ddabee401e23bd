package org.imagedownloader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.imagedownloader.store.FolderStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real routes with the output in a bucket of a real S3 API server: the images and the report end up
 * as objects under the prefix, with the promises the folder output keeps.
 */
class ObjectStorageTest {

    private static S3Server s3;
    private static ImageServer images;

    @TempDir
    Path root;

    @BeforeAll
    @Timeout(60) // the first S3 client of a JVM takes long to start on a busy machine
    static void servers() throws Exception {
        s3 = S3Server.start();
        images = ImageServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        images.close();
        s3.close();
    }

    private TestApp app(String bucket, Map<String, String> more) throws Exception {
        var settings = new HashMap<>(Map.of("downloader.output", "s3://" + bucket + "/run",
                "downloader.s3.endpoint", s3.endpoint()));
        settings.putAll(more);
        return TestApp.start(root, settings);
    }

    @Test
    void aListDroppedInTheInboxEndsWithItsImagesByteIdenticalAndItsReportInTheBucket() throws Exception {
        s3.createBucket("dropped");
        byte[] cat = Images.jpeg(40_000, 1);
        byte[] dog = Images.png(3_000, 2);
        images.serve("/d/cat.jpg", "image/jpeg", cat).serve("/d/dog.png", "image/png", dog);
        try (LogLines logs = LogLines.ofEveryLogger()) {
            try (TestApp app = app("dropped", Map.of())) {
                app.drop("pets.txt", images.url("/d/cat.jpg") + "\n" + images.url("/d/dog.png") + "\n");
                app.awaitArchived("pets.txt");
            }
            assertThat(logs.lines()).as("the operator's lines name the bucket, not the run's local copy")
                    .anyMatch(line -> line.endsWith("pets.txt: started, 2 lines, 2 items -> s3://dropped/run/pets/"))
                    .anyMatch(line -> line.endsWith(", report s3://dropped/run/pets.report.csv"))
                    .noneMatch(line -> line.contains(S3Server.SECRET_KEY));
        }

        assertThat(s3.keys("dropped", "run/pets/")).containsExactly("run/pets/cat.jpg", "run/pets/dog.png");
        assertThat(s3.bytes("dropped", "run/pets/cat.jpg")).isEqualTo(cat);
        assertThat(s3.bytes("dropped", "run/pets/dog.png")).isEqualTo(dog);
        assertThat(s3.head("dropped", "run/pets/cat.jpg").checksumSHA256())
                .as("the store checked the bytes against their SHA-256").isEqualTo(base64Sha256(cat));
        assertThat(s3.head("dropped", "run/pets/cat.jpg").contentType()).isEqualTo("image/jpeg");
        assertThat(s3.head("dropped", "run/pets/dog.png").contentType()).isEqualTo("image/png");
        List<Map<String, String>> report = report("dropped", "run/pets.report.csv");
        assertThat(report).extracting(r -> r.get("outcome")).containsExactly("downloaded", "downloaded");
        assertThat(report).extracting(r -> r.get("file")).containsExactly("cat.jpg", "dog.png");
        assertThat(report.get(0).get("sha256")).isEqualTo(sha256(cat));
    }

    @Test
    void aRerunSendsNoRequestForWhatIsInTheBucket() throws Exception {
        s3.createBucket("rerun");
        images.serve("/r/a.jpg", "image/jpeg", Images.jpeg(5_000, 3)).serve("/r/b.jpg", "image/jpeg", Images.jpeg(5_000, 4));
        Path list = Files.writeString(root.resolve("again.txt"), images.url("/r/a.jpg") + "\n" + images.url("/r/b.jpg") + "\n");
        try (TestApp app = app("rerun", Map.of("downloader.watch", "false"))) {
            app.run(list);
            int asked = images.requestsUnder("/r/");

            app.run(list);

            assertThat(images.requestsUnder("/r/")).isEqualTo(asked);
        }
        List<Map<String, String>> report = report("rerun", "run/again.report.csv");
        assertThat(report).extracting(r -> r.get("outcome")).containsExactly("skipped", "skipped");
        assertThat(report).extracting(r -> r.get("bytes")).containsExactly("5000", "5000");
        assertThat(report.get(0).get("sha256")).as("found with the claim, no store call of its own")
                .isEqualTo(sha256(Images.jpeg(5_000, 3)));
    }

    @Test
    void theSameBytesUnderTwoUrlsAreStoredOnce() throws Exception {
        s3.createBucket("dedup");
        byte[] same = Images.png(4_000, 5);
        images.serve("/x/one.png", "image/png", same).serve("/y/two.png", "image/png", same);
        Path list = Files.writeString(root.resolve("twins.txt"), images.url("/x/one.png") + "\n" + images.url("/y/two.png") + "\n");
        try (TestApp app = app("dedup", Map.of("downloader.watch", "false", "downloader.dedup-content", "true"))) {
            app.run(list);
        }

        assertThat(s3.keys("dedup", "run/twins/")).hasSize(1);
        assertThat(report("dedup", "run/twins.report.csv")).extracting(r -> r.get("outcome"))
                .containsExactlyInAnyOrder("downloaded", "duplicate");
    }

    @Test
    void aBucketGoneMidRunEndsItsItemsFailedUnfetchedWithTheReasonAndTheListInError() throws Exception {
        s3.createBucket("vanishing");
        images.serve("/v/a.jpg", "image/jpeg", Images.jpeg(5_000, 6));
        try (TestApp app = app("vanishing", Map.of())) {
            s3.client.deleteBucket(b -> b.bucket("vanishing"));

            app.drop("lost.txt", images.url("/v/a.jpg") + "\n");
            app.awaitInError("lost.txt");
        }

        // The report could not go to the bucket either: its local copy, where the run wrote it, says why.
        List<Map<String, String>> report = TestApp.Csv.read(root.resolve("inbox/.runs/lost.report.csv"));
        assertThat(report.get(0).get("outcome")).isEqualTo("failed");
        assertThat(report.get(0).get("attempts")).as("not fetched: nothing could keep it").isEqualTo("0");
        assertThat(report.get(0).get("error")).contains("cannot write s3://vanishing/run/");
    }

    @Test
    void aStoreThatCannotBeReachedMidListIsWaitedForAndItsItemsEndDownloadedWhenItIsBack() throws Exception {
        Path objects = Files.createDirectories(root.resolve("objects"));
        S3Server away = S3Server.start(objects, 0, S3Server.SECRET_KEY).createBucket("outage");
        String endpoint = away.endpoint();
        int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
        images.stubFor(get(urlPathMatching("/o/.*")).willReturn(aResponse().withStatus(200).withFixedDelay(300)
                .withHeader("Content-Type", "image/jpeg").withBody(Images.jpeg(5_000, 7))));
        List<String> urls = List.of(images.url("/o/a.jpg"), images.url("/o/b.jpg"), images.url("/o/c.jpg"));
        var settings = Map.of("downloader.output", "s3://outage/run", "downloader.s3.endpoint", endpoint);
        S3Server back = null;
        try (TestApp app = TestApp.start(root, settings)) {
            app.drop("away.txt", String.join("\n", urls) + "\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> images.requestsUnder("/o/") > 0);
            away.close(); // its port closed mid-list: a connection to it is refused

            // More requests per URL than its retries allow: waiting for the store costs no retry.
            await().atMost(Duration.ofSeconds(60)).alias("each URL asked again while the store is away")
                    .until(() -> urls.stream().allMatch(u -> images.requestsUnder(u.substring(u.indexOf("/o/"))) > 3));
            back = S3Server.start(objects, port, S3Server.SECRET_KEY);
            app.awaitArchived("away.txt");
        } finally {
            if (back != null) {
                back.close();
            }
        }

        List<Map<String, String>> report = TestApp.Csv.read(root.resolve("inbox/.runs/away.report.csv"));
        assertThat(report).extracting(r -> r.get("outcome")).containsExactly("downloaded", "downloaded", "downloaded");
        try (S3Server again = S3Server.start(objects, 0, S3Server.SECRET_KEY)) {
            assertThat(again.keys("outage", "run/away/")).containsExactly("run/away/a.jpg", "run/away/b.jpg", "run/away/c.jpg");
        }
    }

    @Test
    void aMissingBucketStopsTheStartWithOneClearLine() {
        assertThatThrownBy(() -> app("nowhere", Map.of()).close())
                .satisfies(e -> assertThat(Cli.rootMessage(e)).isEqualTo("downloader.output: there is no bucket nowhere"));
    }

    @Test
    void refusedCredentialsStopTheStartWithOneClearLineThatHoldsNoSecret() throws Exception {
        try (S3Server strict = S3Server.startRefusingTheTestCredentials()) {
            strict.createBucket("strict");
            var settings = Map.of("downloader.output", "s3://strict/run", "downloader.s3.endpoint", strict.endpoint());

            assertThatThrownBy(() -> TestApp.start(root, settings).close())
                    .satisfies(e -> assertThat(Cli.rootMessage(e)).isEqualTo(
                            "downloader.output: bucket strict refuses the credentials of the AWS SDK's default chain"));
        }
    }

    @Test
    void uploadsSpoolOnTheMachinesOwnDiskWhereADeadWritersSpoolIsRemovedAtStart() throws Exception {
        s3.createBucket("spooled");
        Path spool = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "image-downloader-spool-" + System.getProperty("user.name"), "spool"));
        Path left = Files.write(spool.resolve(FolderStore.tempName("dead-writer", 1)), new byte[] {1, 2, 3});

        try (TestApp app = app("spooled", Map.of("downloader.watch", "false"))) {
            assertThat(left).doesNotExist();
            assertThat(root.resolve("inbox/.runs/.spool")).doesNotExist();
        }
    }

    @Test
    void anEndpointThatIsNoHttpUrlStopsTheStartWithOneLineNamingTheSetting() {
        var settings = Map.of("downloader.output", "s3://images/run", "downloader.s3.endpoint", "127.0.0.1:9000");

        assertThatThrownBy(() -> TestApp.start(root, settings).close())
                .satisfies(e -> assertThat(Cli.rootMessage(e)).isEqualTo("downloader.s3.endpoint must be an http:// or"
                        + " https:// URL such as http://127.0.0.1:9000, not '127.0.0.1:9000'"));
    }

    @Test
    void noRegionOnAwsStopsTheStartWithOneLineNamingTheSetting() {
        var settings = Map.of("downloader.output", "s3://images/run");

        withoutSystemProperties(List.of("aws.region"), () -> assertThatThrownBy(() -> TestApp.start(root, settings).close())
                .satisfies(e -> assertThat(Cli.rootMessage(e)).isEqualTo(
                        "downloader.s3.region: none set, and the AWS SDK finds none (AWS_REGION, a profile's region)")));
    }

    @Test
    void noCredentialsStopTheStartWithOneLineSayingWhatToSet() {
        withoutSystemProperties(List.of("aws.accessKeyId", "aws.secretAccessKey"),
                () -> assertThatThrownBy(() -> app("images", Map.of()).close())
                        .satisfies(e -> assertThat(Cli.rootMessage(e)).isEqualTo("downloader.output: no S3 credentials:"
                                + " set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile or role the AWS SDK's"
                                + " default chain finds")));
    }

    /** Runs with these system properties unset, and no instance metadata asked (no cloud here to answer). */
    private static void withoutSystemProperties(List<String> names, Runnable check) {
        Map<String, String> saved = new HashMap<>();
        names.forEach(n -> saved.put(n, System.clearProperty(n)));
        String metadata = System.setProperty("aws.disableEc2Metadata", "true");
        try {
            check.run();
        } finally {
            saved.forEach((n, v) -> {
                if (v != null) {
                    System.setProperty(n, v);
                }
            });
            if (metadata == null) {
                System.clearProperty("aws.disableEc2Metadata");
            } else {
                System.setProperty("aws.disableEc2Metadata", metadata);
            }
        }
    }

    private List<Map<String, String>> report(String bucket, String key) throws Exception {
        byte[] bytes = s3.bytes(bucket, key);
        assertThat(bytes).as("report %s in the bucket", key).isNotNull();
        return TestApp.Csv.read(Files.write(root.resolve("report.csv"), bytes));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String base64Sha256(byte[] bytes) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
