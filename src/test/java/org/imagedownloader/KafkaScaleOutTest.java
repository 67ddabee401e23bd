package org.imagedownloader;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out: daemons (here, Camel contexts in this JVM) sharing one inbox, one output folder and one
 * Kafka broker share the work, and a list survives the loss of a daemon.
 */
// Daemons start, join a consumer group and rebalance: more than the default per-test limit.
@Timeout(90)
class KafkaScaleOutTest {

    static KafkaBroker broker;

    @TempDir
    Path root;
    ImageServer server;
    String topics;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @BeforeEach
    void start() {
        // Items are keyed by host: a list must reach many hosts for its items to spread over the daemons.
        server = ImageServer.startForManyHosts();
        server.stubFor(get(urlPathMatching("/img/.*")).willReturn(aResponse().withStatus(200).withFixedDelay(20)
                .withHeader("Content-Type", "image/png").withBody(Images.png(3_000, 7))));
        topics = "t" + UUID.randomUUID().toString().substring(0, 8); // each test on topics of its own
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestApp daemon(String name, String bootstrap) throws Exception {
        return daemon(name, bootstrap, Map.of());
    }

    private TestApp daemon(String name, String bootstrap, Map<String, String> more) throws Exception {
        Map<String, String> settings = new HashMap<>(more);
        settings.put("downloader.kafka.brokers", bootstrap);
        settings.put("downloader.kafka.items-topic", topics + ".items");
        settings.put("downloader.kafka.outcomes-topic", topics + ".outcomes");
        settings.put("downloader.kafka.group", topics);
        settings.put("downloader.kafka.partitions", "6");
        settings.put("downloader.user-agent", name);
        settings.put("downloader.concurrency", "4");
        // The shortest session the broker allows: a group notices a member gone soonest.
        settings.put("downloader.kafka.session-timeout-seconds", "6");
        return TestApp.start(root, settings);
    }

    /** n URLs spread over 16 loopback hosts of the one server. */
    private String list(int n) {
        return Urls.text(IntStream.range(0, n).mapToObj(i -> server.url(1 + i % 16, "/img/" + i + ".png")).toList());
    }

    private Map<String, Long> requestsByAgent() {
        return server.requests().stream()
                .collect(Collectors.groupingBy(r -> r.getHeader("User-Agent"), Collectors.counting()));
    }

    private void assertComplete(TestApp app, String name, int n) throws Exception {
        List<Map<String, String>> rows = app.report(name);
        assertThat(rows).hasSize(n);
        assertThat(rows).allSatisfy(r -> assertThat(r.get("outcome")).isIn("downloaded", "skipped"));
        assertThat(rows.stream().map(r -> r.get("line")).collect(Collectors.toSet())).hasSize(n);
        Set<String> files = rows.stream().map(r -> r.get("file")).collect(Collectors.toSet());
        assertThat(files).as("one file per URL").hasSize(n);
        try (Stream<Path> saved = Files.list(app.folder(name))) {
            assertThat(saved).hasSize(n).allSatisfy(f -> assertThat(f).hasBinaryContent(Images.png(3_000, 7)));
        }
    }

    @Test
    void twoDaemonsShareAThousandUrlList() throws Exception {
        try (TestApp a = daemon("daemon-a", broker.bootstrap()); TestApp b = daemon("daemon-b", broker.bootstrap())) {
            broker.awaitMembers(topics, 2);
            a.drop("shared.txt", list(1000));
            a.awaitArchived("shared.txt");
            assertComplete(a, "shared", 1000);
            Map<String, Long> byAgent = requestsByAgent();
            assertThat(byAgent.get("daemon-a")).as("daemon a's share").isGreaterThan(100);
            assertThat(byAgent.get("daemon-b")).as("daemon b's share").isGreaterThan(100);
            assertThat(byAgent.values().stream().mapToLong(Long::longValue).sum()).as("each URL fetched once")
                    .isEqualTo(1000);
        }
    }

    @Test
    void aDaemonStoppedMidListLeavesItsShareToTheOthers() throws Exception {
        try (TestApp a = daemon("daemon-a", broker.bootstrap())) {
            // b only downloads (it does not watch the inbox), so the list is a's.
            TestApp b = daemon("daemon-b", broker.bootstrap(), Map.of("downloader.watch", "false"));
            broker.awaitMembers(topics, 2);
            a.drop("halted.txt", list(600));
            await().atMost(Duration.ofSeconds(60)).until(() -> requestsByAgent().getOrDefault("daemon-b", 0L) > 50);
            b.close();
            a.awaitArchived("halted.txt");
            assertComplete(a, "halted", 600);
        }
    }

    @Test
    void brokersAwayAtStartThenBack() throws Exception {
        try (TcpRelay relay = TcpRelay.reserve(); TestApp a = daemon("daemon-a", "127.0.0.1:" + relay.port())) {
            a.drop("patient.txt", list(50));
            // Well past the settle time and many polls, the list is still waiting, untouched.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).alias("the list waits in the inbox")
                    .until(() -> Files.exists(a.inbox.resolve("patient.txt"))
                            && !Files.exists(a.output.resolve("patient")));
            relay.open(broker.bootstrap());
            a.awaitArchived("patient.txt");
            assertComplete(a, "patient", 50);
        }
    }
}
