package org.imagedownloader;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
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
        settings.putIfAbsent("downloader.kafka.partitions", "6");
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
    void aPausedHostHoldsBackNeitherTheOtherHostOfItsPartitionNorItsCommit() throws Exception {
        server.stubFor(get(urlPathMatching("/shy/.*")).inScenario("shy").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "20")).willSetStateTo("open"));
        server.stubFor(get(urlPathMatching("/shy/.*")).inScenario("shy").whenScenarioStateIs("open")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png")
                        .withBody(Images.png(3_000, 7))));
        int n = 300;
        String lines = Urls.text(IntStream.range(0, n).mapToObj(i -> i % 2 == 0
                ? server.url(1, "/shy/" + i + ".png") : server.url(2, "/img/" + i + ".png")).toList());
        // One partition, so both hosts' items share it, the paused host's first; one request per host at a time,
        // so the paused host has no second one out when its first is answered.
        try (TestApp a = daemon("daemon-a", broker.bootstrap(),
                Map.of("downloader.kafka.partitions", "1", "downloader.per-host-concurrency", "1"))) {
            a.drop("mixed.txt", lines);
            await().atMost(Duration.ofSeconds(60)).until(() -> requests("/img/") == n / 2);
            List<String> order = server.requests().stream().map(r -> r.getUrl()).toList();
            int resumed = order.stream().filter(u -> u.startsWith("/shy/")).skip(1).findFirst().map(order::indexOf)
                    .orElse(order.size());
            assertThat(order.subList(0, resumed).stream().filter(u -> u.startsWith("/img/")))
                    .as("the other host's requests while the paused one is left alone").hasSize(n / 2);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                var committed = broker.committed(topics, topics + ".items").get(0);
                assertThat(committed.offset()).as("committed as far as read").isEqualTo(n);
                assertThat(committed.metadata()).as("the paused host's items listed as still out").isNotEmpty();
            });
            a.awaitArchived("mixed.txt");
            List<Map<String, String>> rows = a.report("mixed");
            assertThat(rows).hasSize(n).allSatisfy(r -> assertThat(r.get("outcome")).isEqualTo("downloaded"));
        }
    }

    private long requests(String pathPrefix) {
        return server.requests().stream().filter(r -> r.getUrl().startsWith(pathPrefix)).count();
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
