package org.imagedownloader;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One image server answering on several loopback addresses (127.0.0.1, 127.0.0.2, ...), one port each, so
 * a list can reach several hosts; it counts what each Host header saw: requests in flight at most, and
 * when every request arrived and when its answer left.
 */
final class HostsServer implements AutoCloseable {

    /**
     * What one host got: a request's path, when it arrived (System.nanoTime()), its headers (names in lower
     * case) and the client's port, which tells one connection from another.
     */
    record Arrival(String host, String path, long nanos, Map<String, String> headers, int clientPort) {
    }

    /**
     * A request being answered, from its arrival until its answer left (System.nanoTime() both), and what
     * the {@link Answer} returned (0 for an image, -1 when it wrote the answer itself).
     */
    record Served(String host, String path, long arrived, long left, int status) {
        boolean during(long nanos) {
            return arrived <= nanos && nanos < left;
        }
    }

    /**
     * Answers a request; may sleep. Returns the status, 0 for a 200 with a JPEG named by the path, or -1
     * when it has written the whole answer itself.
     */
    interface Answer {
        int status(String host, String path, HttpExchange exchange) throws Exception;
    }

    private final List<HttpServer> servers = new ArrayList<>();
    private final List<InetSocketAddress> addresses = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> most = new ConcurrentHashMap<>();
    private final AtomicInteger allInFlight = new AtomicInteger();
    private final AtomicInteger allMost = new AtomicInteger();
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private final List<Served> served = new CopyOnWriteArrayList<>();
    private volatile Answer answer = (host, path, exchange) -> 0;

    HostsServer(int hosts) throws IOException {
        for (int i = 1; i <= hosts; i++) {
            HttpServer server = listen(new InetSocketAddress(InetAddress.getByName("127.0.0." + i), 0));
            servers.add(server);
            addresses.add(server.getAddress());
        }
    }

    private HttpServer listen(InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 200);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
        return server;
    }

    /** Stops listening on the i-th host (1-based): connections to it are refused until {@link #up}. */
    void down(int host) {
        servers.get(host - 1).stop(0);
    }

    /** Listens again on the i-th host, at the same address and port. */
    void up(int host) throws IOException {
        servers.set(host - 1, listen(addresses.get(host - 1)));
    }

    void answer(Answer answer) {
        this.answer = answer;
    }

    /** The URL of a path on the i-th host (1-based). */
    String url(int host, String path) {
        return "http://127.0.0." + host + ":" + addresses.get(host - 1).getPort() + path;
    }

    /** The Host header value of the i-th host. */
    String host(int host) {
        return url(host, "").substring("http://".length());
    }

    /** The most requests in flight at once, all hosts together. */
    int mostInFlight() {
        return allMost.get();
    }

    int mostInFlight(int host) {
        AtomicInteger n = most.get(host(host));
        return n == null ? 0 : n.get();
    }

    /** How many connections the i-th host was sent requests on. */
    long connections(int host) {
        return arrivals(host).stream().mapToInt(Arrival::clientPort).distinct().count();
    }

    List<Arrival> arrivals(int host) {
        return arrivals.stream().filter(a -> a.host().equals(host(host))).toList();
    }

    /** The requests to the i-th host that have been answered. */
    List<Served> served(int host) {
        return served.stream().filter(s -> s.host().equals(host(host))).toList();
    }

    /**
     * The most requests in flight at both hosts at once, the fewer of the two counted: 2 means there was
     * a moment when each of them had at least 2 requests in flight.
     */
    int mostInFlightTogether(int host, int other) {
        List<Served> one = served(host);
        List<Served> two = served(other);
        // Counts only go up when a request arrives, so the most is reached at some arrival.
        return java.util.stream.Stream.concat(one.stream(), two.stream()).mapToLong(Served::arrived)
                .mapToInt(t -> (int) Math.min(one.stream().filter(s -> s.during(t)).count(),
                        two.stream().filter(s -> s.during(t)).count()))
                .max().orElse(0);
    }

    /** The image served at a URL of one of its hosts. */
    static byte[] image(String url) {
        java.net.URI uri = java.net.URI.create(url);
        return image(uri.getRawAuthority(), uri.getRawPath());
    }

    private static byte[] image(String host, String path) {
        return Images.jpeg(2_000, (host + path).hashCode());
    }

    /** Writes a whole text answer, for an {@link Answer} that returns -1 after it. */
    static void text(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    void reset() {
        inFlight.clear();
        most.clear();
        allMost.set(0);
        arrivals.clear();
        served.clear();
        answer = (host, path, exchange) -> 0;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String host = exchange.getRequestHeaders().getFirst("Host");
        String path = exchange.getRequestURI().getPath();
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                String.join(", ", values)));
        long arrived = System.nanoTime();
        arrivals.add(new Arrival(host, path, arrived, headers, exchange.getRemoteAddress().getPort()));
        int now = inFlight.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
        most.computeIfAbsent(host, h -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        allMost.accumulateAndGet(allInFlight.incrementAndGet(), Math::max);
        int status;
        try {
            status = answer.status(host, path, exchange);
        } catch (Exception e) {
            status = 500;
        } finally {
            // Before the answer leaves: the client may send its next request the moment it has it.
            inFlight.get(host).decrementAndGet();
            allInFlight.decrementAndGet();
        }
        served.add(new Served(host, path, arrived, System.nanoTime(), status));
        try (exchange) {
            if (status < 0) {
                return;
            }
            if (status != 0) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            byte[] body = image(host, path);
            exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        pool.shutdownNow();
    }
}
