// A floor for ours-daemon: the per-URL work of our download route, without Camel. The same HTTP client
// (Apache HttpClient 5 classic, taken from our jar) with the same settings and a pool of N connections, a fixed pool of N
// threads, a GET per URL, status and Content-Type checks, the body streamed to a temporary file beside its
// final name, then hard-linked to it (no partial file under a final name). What it costs is what any
// thread-per-download JVM downloader pays on this machine; what ours-daemon costs on top is Camel's share.
//
//   javac -cp image-downloader.jar -d DIR bench/PlainClient.java
//   java -cp image-downloader.jar:DIR PlainClient --list FILE --out DIR --n N [--warm W]
//
// W unreported rounds first (JIT warm-up, as the daemon gets), each into a scratch folder that is then
// deleted; the bench server's counters are reset (GET /__reset) before the one measured round into --out.
// Prints "measured: WALL_S CPU_S" (CPU of the whole process during that round), which bench/run.sh records.

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.util.Timeout;

public class PlainClient {

    public static void main(String[] args) throws Exception {
        Path list = null, out = null;
        int n = 16, warm = 0;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--list" -> list = Path.of(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                case "--n" -> n = Integer.parseInt(args[i + 1]);
                case "--warm" -> warm = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<String> urls;
        try (Stream<String> lines = Files.lines(list)) {
            urls = lines.map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(n).setMaxConnPerRoute(n)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(10)).setSocketTimeout(Timeout.ofSeconds(30)).build())
                .build();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try (CloseableHttpClient client = HttpClients.custom().setConnectionManager(connections)
                .disableAutomaticRetries().disableCookieManagement().build()) {
            for (int r = 1; r <= warm; r++) {
                Path scratch = out.resolveSibling(out.getFileName() + ".warm");
                round(client, threads, n, urls, scratch);
                deleteTree(scratch);
            }
            URI any = URI.create(urls.get(0));
            client.execute(new HttpGet(any.resolve("/__reset")), response -> null);
            long cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime();
            long failed = round(client, threads, n, urls, out);
            long t1 = System.nanoTime(), cpu1 = os.getProcessCpuTime();
            System.out.printf("measured: %.3f %.2f%n", (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9);
            System.out.println(urls.size() - failed + " saved, " + failed + " failed");
        } finally {
            threads.shutdownNow();
        }
    }

    /** Every URL once, N at a time; returns how many were not saved. */
    static long round(CloseableHttpClient client, ExecutorService threads, int n, List<String> urls, Path dir)
            throws Exception {
        Files.createDirectories(dir);
        var queue = new ConcurrentLinkedQueue<>(urls);
        var failed = new AtomicLong();
        var temps = new AtomicLong();
        Future<?>[] workers = new Future<?>[n];
        for (int i = 0; i < n; i++) {
            workers[i] = threads.submit(() -> {
                byte[] buf = new byte[64 * 1024];
                for (String url; (url = queue.poll()) != null; ) {
                    try {
                        if (!save(client, url, dir, dir.resolve(".plain-" + temps.incrementAndGet() + ".part"), buf)) {
                            failed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                        System.err.println(url + ": " + e);
                    }
                }
            });
        }
        for (Future<?> w : workers) {
            w.get(10, TimeUnit.MINUTES);
        }
        return failed.get();
    }

    static boolean save(CloseableHttpClient client, String url, Path dir, Path temp, byte[] buf) throws IOException {
        try (ClassicHttpResponse response = client.executeOpen(null, new HttpGet(url), null)) {
            Header type = response.getFirstHeader("Content-Type");
            if (response.getCode() != 200 || type == null || !type.getValue().startsWith("image/")
                    || response.getEntity() == null) {
                return false;
            }
            try (InputStream in = response.getEntity().getContent();
                 OutputStream file = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (int k; (k = in.read(buf)) >= 0; ) {
                    file.write(buf, 0, k);
                }
            }
        }
        String path = URI.create(url).getPath();
        Files.createLink(dir.resolve(path.substring(path.lastIndexOf('/') + 1)), temp);
        Files.delete(temp);
        return true;
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
