package org.imagedownloader;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The one-shot command line, as a process: outputs and exit codes. */
class CliProcessIT {

    static RawHttpServer server;
    private static final String STORE_PASS = "changeit";

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
    void aReportThatCannotBeWrittenExitsOneSayingWhy(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("clash.txt"), server.url("/a.png") + "\n");
        Files.createDirectories(work.resolve("out/clash.report.csv/in-the-way"));
        try (JarProcess cli = JarProcess.start(work, Map.of(), "clash.txt", "--output", "out")) {
            assertThat(cli.waitFor(60)).isEqualTo(1);
            assertThat(cli.output()).contains("1 downloaded")
                    .containsPattern("clash.txt: images or the report could not be saved"
                            + " \\(cannot write \\S*out/clash.report.csv");
        }
        assertThat(work.resolve("out/clash/a.png")).exists();
        assertThat(work.resolve("clash.txt")).exists();
    }

    @Test
    @Timeout(60)      // two processes, and a key made first
    void anHttpsListIsDownloadedWithTheCertificatesTheJvmIsToldToTrust(@TempDir Path work) throws Exception {
        Path keys = work.resolve("server.p12");
        keytool("-genkeypair", "-alias", "server", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-keyalg", "EC",
                "-validity", "2", "-keystore", keys.toString());
        KeyStore serverKeys = load(keys);
        Path trust = work.resolve("trust.p12");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", serverKeys.getCertificate("server"));
        try (OutputStream out = Files.newOutputStream(trust)) {
            trusted.store(out, STORE_PASS.toCharArray());
        }
        HttpsServer https = httpsServer(serverKeys);
        try {
            Files.writeString(work.resolve("tls.txt"), "https://127.0.0.1:" + https.getAddress().getPort() + "/a.png\n");
            try (JarProcess cli = JarProcess.start(work, Map.of(), "tls.txt", "--output", "untrusted")) {
                assertThat(cli.waitFor(60)).isEqualTo(1);
                assertThat(cli.output()).contains("1 failed").contains("SSLHandshakeException");
            }
            try (JarProcess cli = JarProcess.start(work, Map.of("javax.net.ssl.trustStore", trust.toString(),
                    "javax.net.ssl.trustStorePassword", STORE_PASS), "tls.txt", "--output", "out")) {
                assertThat(cli.waitFor(60)).isZero();
                assertThat(cli.output()).contains("1 downloaded");
            }
            assertThat(Files.readAllBytes(work.resolve("out/tls/a.png"))).isEqualTo(Images.png(4_000, "/a.png".hashCode()));
        } finally {
            https.stop(0);
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storepass", STORE_PASS));
        Process keytool = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();
    }

    private static KeyStore load(Path keys) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys)) {
            store.load(in, STORE_PASS.toCharArray());
        }
        return store;
    }

    /** The images {@link #server} serves, over TLS with the key in {@code store}. */
    private static HttpsServer httpsServer(KeyStore store) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, STORE_PASS.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        https.createContext("/", ex -> {
            byte[] body = Images.png(4_000, ex.getRequestURI().getPath().hashCode());
            ex.getResponseHeaders().set("Content-Type", "image/png");
            ex.sendResponseHeaders(200, body.length);
            try (var out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        https.start();
        return https;
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
