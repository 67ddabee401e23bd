package org.imagedownloader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-shot command line, as a process: outputs and exit codes. */
class CliProcessIT {

    static RawHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new RawHttpServer((path, n, out) -> {
            if (path.startsWith("/missing")) {
                RawHttpServer.head(out, 404, "text/plain", 0);
                return;
            }
            byte[] body = Images.png(4_000, path.hashCode());
            RawHttpServer.head(out, 200, "image/png", body.length);
            out.write(body);
        });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aListWhoseItemsAllEndWellExitsZero(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("dogs.txt"), server.url("/a.png") + "\n" + server.url("/b.png") + "\n"
                + server.url("/a.png") + "\n");
        try (JarProcess cli = JarProcess.start(work, Map.of(), "dogs.txt", "--output", "out", "--concurrency", "4")) {
            assertThat(cli.waitFor(60)).isZero();
            assertThat(cli.output()).contains("2 downloaded").contains("1 duplicate").contains("report: out/dogs.report.csv");
        }
        assertThat(Files.readAllBytes(work.resolve("out/dogs/a.png"))).isEqualTo(Images.png(4_000, "/a.png".hashCode()));
        assertThat(work.resolve("dogs.txt")).exists(); // the CLI never moves what it was given
    }

    @Test
    void theCommandLineRunsInItsOwnProcessEvenWhereTheEnvironmentPointsDaemonsAtKafka(@TempDir Path work)
            throws Exception {
        Files.writeString(work.resolve("cows.txt"), server.url("/a.png") + "\n");
        // Nothing listens there: a command line that went to Kafka would wait for it instead of finishing.
        try (JarProcess cli = JarProcess.start(work, Map.of(), Map.of("DOWNLOADER_KAFKA_BROKERS", "127.0.0.1:9"),
                "cows.txt", "--output", "out")) {
            assertThat(cli.waitFor(60)).isZero();
            assertThat(cli.output()).contains("1 downloaded");
        }
    }

    @Test
    void anyItemThatDidNotEndWellExitsOne(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("mixed.txt"), server.url("/ok.png") + "\n" + server.url("/missing.png") + "\n");
        try (JarProcess cli = JarProcess.start(work, Map.of(), "mixed.txt", "--output", "out")) {
            assertThat(cli.waitFor(60)).isEqualTo(1);
            assertThat(cli.output()).contains("1 downloaded").contains("1 failed").contains("HTTP 404");
        }
        assertThat(work.resolve("out/mixed/ok.png")).exists();
    }

    @Test
    void usageAndConfigurationErrorsExitTwoSayingWhatIsWrong(@TempDir Path work) throws Exception {
        try (JarProcess cli = JarProcess.start(work, Map.of(), "nowhere.txt")) {
            assertThat(cli.waitFor(60)).isEqualTo(2);
            assertThat(cli.output()).contains("no readable list file nowhere.txt");
        }
        Files.writeString(work.resolve("x.txt"), server.url("/a.png") + "\n");
        try (JarProcess cli = JarProcess.start(work, Map.of(), "x.txt", "--concurrency", "zero")) {
            assertThat(cli.waitFor(60)).isEqualTo(2);
            assertThat(cli.output()).contains("downloader.concurrency must be a whole number");
        }
        try (JarProcess cli = JarProcess.start(work, Map.of(), "x.txt", "--frobnicate")) {
            assertThat(cli.waitFor(60)).isEqualTo(2);
            assertThat(cli.output()).contains("unknown option --frobnicate").contains("usage:");
        }
    }

    @Test
    void aSecondProcessOnTheSameOutputFolderWorksBesideTheFirst(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("y.txt"), server.url("/a.png") + "\n");
        try (JarProcess daemon = JarProcess.start(work, Map.of())) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> daemon.output().contains("started in"));
            try (JarProcess cli = JarProcess.start(work, Map.of(), "y.txt", "--output", "downloads")) {
                assertThat(cli.waitFor(60)).isZero();
            }
        }
        assertThat(work.resolve("downloads/y/a.png")).exists();
    }

    @Test
    void aListWhoseFolderAnotherProcessIsWritingIsRefused(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("y.txt"), server.url("/a.png") + "\n");
        Files.createDirectories(work.resolve("downloads"));
        try (var channel = java.nio.channels.FileChannel.open(work.resolve("downloads/.y.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             var held = channel.lock();
             JarProcess cli = JarProcess.start(work, Map.of(), "y.txt", "--output", "downloads")) {
            assertThat(cli.waitFor(60)).isEqualTo(1);
            assertThat(cli.output()).contains("another run is writing");
        }
        assertThat(work.resolve("downloads/y/a.png")).doesNotExist();
    }
}
