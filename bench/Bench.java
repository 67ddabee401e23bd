// Benchmark helper for image-downloader: a synthetic image server, list generator, output checker and
// server-ceiling client in ONE single-file Java 17 program (JDK only, no dependencies).
//
//   java bench/Bench.java server  --port P [--threads 64] [--any-loopback] [--tls-port P2 --keystore FILE.p12 --storepass PASS]
//   java bench/Bench.java lists   --base http://127.0.0.1:P --out DIR [--cats FILE] [--tls-port P2]   (or env CATS_LIST)
//   java bench/Bench.java sha256  [--size BYTES]
//   java bench/Bench.java check   --list FILE[:FILE...] --dir DIR[:DIR...] [--proxy]
//   java bench/Bench.java ceiling [--base URL] [--connections 16] [--seconds 3] [--lat MS] [--big SIZE]
//
// See bench/README.md. Everything is deterministic: an image's bytes are a pure function of its name, so
// the checker recomputes them instead of reading a corpus from disk.

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

public class Bench {

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        Map<String, String> opt = options(args);
        switch (args[0]) {
            case "server" -> server(Integer.parseInt(opt.getOrDefault("port", "18090")),
                    Integer.parseInt(opt.getOrDefault("threads", "64")), opt.containsKey("any-loopback"),
                    opt.containsKey("tls-port") ? Integer.parseInt(opt.get("tls-port")) : -1,
                    opt.get("keystore"), opt.get("storepass"));
            case "lists" -> lists(req(opt, "base"), Path.of(req(opt, "out")),
                    opt.getOrDefault("cats", System.getenv("CATS_LIST")),
                    opt.containsKey("tls-port") ? Integer.parseInt(opt.get("tls-port")) : -1);
            case "sha256" -> sha256(Long.parseLong(opt.getOrDefault("size", "1073741824")));
            case "check" -> System.exit(check(req(opt, "list"), req(opt, "dir"), opt.containsKey("proxy")));
            case "ceiling" -> ceiling(opt.getOrDefault("base", "http://127.0.0.1:18090"),
                    Integer.parseInt(opt.getOrDefault("connections", "16")),
                    Double.parseDouble(opt.getOrDefault("seconds", "3")),
                    Integer.parseInt(opt.getOrDefault("lat", "0")),
                    Long.parseLong(opt.getOrDefault("big", "1073741824")));
            case "table" -> table(Path.of(req(opt, "raw")), req(opt, "scenario"), opt.getOrDefault("title", ""),
                    opt.getOrDefault("sha256", ""));
            default -> usage();
        }
    }

    static void usage() {
        System.err.println("""
                usage: java bench/Bench.java server  --port P [--threads 64] [--any-loopback]  (every 127/8 address, not 127.0.0.1-20)
                                                      [--tls-port P2 --keystore FILE.p12 --storepass PASS]  (also HTTPS on P2, 127.0.0.1-16)
                       java bench/Bench.java lists   --base http://127.0.0.1:P --out DIR [--cats FILE]  (or env CATS_LIST)
                                                     [--tls-port P2]  (also https-2000.txt over the TLS host names)
                       java bench/Bench.java sha256  [--size BYTES]  (one core's SHA-256 rate over the /big/ bytes)
                       java bench/Bench.java check   --list FILE[:FILE...] --dir DIR[:DIR...] [--proxy]  (list i in dir i, one summed line)
                       java bench/Bench.java ceiling [--base URL] [--connections 16] [--seconds 3] [--lat MS] [--big BYTES]
                       java bench/Bench.java table   --raw RAW.tsv --scenario NAME [--title TEXT] [--sha256 "MB/s ..."]   (used by run.sh)""");
        System.exit(2);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                System.err.println("unexpected argument " + args[i]);
                usage();
            }
            String k = args[i].substring(2);
            if (k.equals("proxy") || k.equals("any-loopback")) {
                m.put(k, "true");
            } else if (i + 1 < args.length) {
                m.put(k, args[++i]);
            } else {
                System.err.println("--" + k + " needs a value");
                usage();
            }
        }
        return m;
    }

    static String req(Map<String, String> opt, String k) {
        String v = opt.get(k);
        if (v == null) {
            System.err.println("missing --" + k);
            usage();
        }
        return v;
    }

    // ---------------------------------------------------------------------------------------------------
    // The corpus: bytes are a pure function of the name.

    static final byte[] JPEG_HEAD = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F',
            0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00};
    static final byte[] PNG_HEAD = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A,
            0x00, 0x00, 0x00, 0x0D, 'I', 'H', 'D', 'R'};
    static final int CORPUS_SIZE = 2000;          // proxy mode picks among this many names per type
    static final ConcurrentHashMap<String, byte[]> CACHE = new ConcurrentHashMap<>();

    /** 64-bit FNV-1a, then a murmur-style finaliser. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    static boolean isPng(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".png");
    }

    static String contentType(String name) {
        return isPng(name) ? "image/png" : "image/jpeg";
    }

    /** Lognormal around a 40 KB median (mean ~60 KB), clamped to 3-600 KB. */
    static int sizeOf(String name) {
        SplittableRandom r = new SplittableRandom(hash(name) ^ 0x5DEECE66DL);
        double kb = 40.0 * Math.exp(0.9 * r.nextGaussian());
        kb = Math.max(3.0, Math.min(600.0, kb));
        return (int) Math.round(kb * 1000);
    }

    static byte[] image(String name) {
        byte[] b = CACHE.get(name);
        return b != null ? b : CACHE.computeIfAbsent(name, Bench::generate);
    }

    static byte[] generate(String name) {
        int size = sizeOf(name);
        byte[] b = new byte[size];
        fill(b, new SplittableRandom(hash(name)));
        byte[] head = isPng(name) ? PNG_HEAD : JPEG_HEAD;
        System.arraycopy(head, 0, b, 0, head.length);
        if (!isPng(name)) {
            b[size - 2] = (byte) 0xFF;
            b[size - 1] = (byte) 0xD9;
        }
        return b;
    }

    static void fill(byte[] b, SplittableRandom r) {
        int i = 0;
        for (; i + 8 <= b.length; i += 8) {
            long v = r.nextLong();
            for (int k = 0; k < 8; k++) {
                b[i + k] = (byte) (v >>> (8 * k));
            }
        }
        long v = r.nextLong();
        for (; i < b.length; i++, v >>>= 8) {
            b[i] = (byte) v;
        }
    }

    /** Corpus name answered for a URL in proxy mode: by hash of host + path + query, type by extension. */
    static String proxyName(URI u) {
        String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        String key = host + path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        long idx = Long.remainderUnsigned(hash(key), CORPUS_SIZE);
        return String.format(Locale.ROOT, "%06d.%s", idx, isPng(path) ? "png" : "jpg");
    }

    /** Name of corpus image number i in the generated lists: 80% JPEG, 20% PNG. */
    static String corpusName(int i) {
        return String.format(Locale.ROOT, "%06d.%s", i, Long.remainderUnsigned(hash("type" + i), 5) == 0 ? "png" : "jpg");
    }

    // /big/SIZE.ext: one 1 MiB pseudo-random block repeated, with the image header at offset 0.
    static final int BIG_BLOCK = 1 << 20;
    static volatile byte[][] bigBlocks;          // [0] = first block (header), [1] = every later block

    static byte[][] bigBlocks() {
        byte[][] b = bigBlocks;
        if (b == null) {
            synchronized (Bench.class) {
                if (bigBlocks == null) {
                    byte[] rest = new byte[BIG_BLOCK];
                    fill(rest, new SplittableRandom(0xB16B00B5L));
                    byte[] first = rest.clone();
                    System.arraycopy(JPEG_HEAD, 0, first, 0, JPEG_HEAD.length);
                    bigBlocks = new byte[][]{first, rest};
                }
                b = bigBlocks;
            }
        }
        return b;
    }

    static long bigSize(String name) {
        int dot = name.indexOf('.');
        try {
            return Long.parseLong(dot < 0 ? name : name.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // server

    static final AtomicLong requests = new AtomicLong(), bytesOut = new AtomicLong(), proxied = new AtomicLong();
    /** The server's own CPU at the last /__reset: whoever resets (run.sh, or a tool that warms up first) gets the server's CPU since. */
    static final AtomicLong cpuAtReset = new AtomicLong();

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
    static final Set<SocketAddress> peers = ConcurrentHashMap.newKeySet();
    /** The addresses requests came to: how many hosts a client saw (with --any-loopback, any of 127/8). */
    static final Set<InetAddress> served = ConcurrentHashMap.newKeySet();
    /** Loopback addresses the server listens on: 127.0.0.1 .. 127.0.0.HOSTS. */
    static final int HOSTS = 20;
    static ExecutorService workers;
    static ScheduledExecutorService timer;

    static void server(int port, int threads, boolean anyLoopback, int tlsPort, String keystore, String storepass)
            throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");             // no Nagle delay between head and body
        System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
        System.setProperty("sun.net.httpserver.idleInterval", "60");
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lat-timer");
            t.setDaemon(true);
            return t;
        });
        if (anyLoopback) {
            // Every address of 127/8 on one socket, for lists over thousands of hosts (127.1.x.y): only the
            // wildcard address takes them all. It takes the machine's other addresses too, so handle() closes a
            // connection that did not come to a loopback address unanswered.
            listen("0.0.0.0", port);
        } else {
            listen("127.0.0.1", port);
            // The same server on 127.0.0.2..127.0.0.N too (Linux routes all of 127/8 to loopback), for lists
            // spread over several hosts; a port taken on one of them only costs that scenario.
            for (int h = 2; h <= HOSTS; h++) {
                try {
                    listen("127.0.0." + h, port);
                } catch (IOException e) {
                    System.out.printf(Locale.ROOT, "cannot also listen on 127.0.0.%d:%d: %s%n", h, port, e.getMessage());
                }
            }
        }
        if (tlsPort > 0) {
            SSLContext tls = serverTls(Path.of(keystore), storepass);
            for (int h = 1; h <= TLS_HOSTS; h++) {
                HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0." + h, tlsPort), 4096);
                LongAdder handshakes = tlsHandshakes.computeIfAbsent(h, k -> new LongAdder());
                s.setHttpsConfigurator(new HttpsConfigurator(tls) {
                    @Override
                    public void configure(com.sun.net.httpserver.HttpsParameters params) {
                        handshakes.increment();          // called once per accepted connection, before its handshake
                        super.configure(params);
                    }
                });
                serve(s);
            }
            System.out.printf(Locale.ROOT, "also https://%s..%s:%d (127.0.0.1..%d)%n", tlsName(1), tlsName(TLS_HOSTS), tlsPort, TLS_HOSTS);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < CORPUS_SIZE; i++) {            // pre-generate the small corpus (~120 MB)
            image(corpusName(i));
        }
        bigBlocks();
        System.out.printf(Locale.ROOT, "bench server on http://%s:%d (%d threads), corpus ready in %.1f s%n",
                anyLoopback ? "127.x.y.z" : "127.0.0.1", port, threads, (System.nanoTime() - t0) / 1e9);
    }

    static void listen(String address, int port) throws IOException {
        serve(HttpServer.create(new InetSocketAddress(address, port), 4096));
    }

    static void serve(HttpServer s) {
        s.setExecutor(workers);
        s.createContext("/", Bench::handle);
        s.start();
    }

    // ---------------------------------------------------------------------------------------------------
    // TLS: the same server over HTTPS on 127.0.0.1..16, named img1.bench.test..img16.bench.test (the bench
    // maps the names to the addresses for each client), one certificate for all 16 names, from the bench's CA.

    static final int TLS_HOSTS = 16;
    /** TLS connections per host that carried requests (the distinct client addresses), new or kept from before. */
    static final ConcurrentHashMap<InetAddress, Set<SocketAddress>> tlsConnections = new ConcurrentHashMap<>();
    /** New TLS connections (handshakes, full or resumed) per host, by the last byte of its address. */
    static final ConcurrentHashMap<Integer, LongAdder> tlsHandshakes = new ConcurrentHashMap<>();
    /** Full handshakes per server name asked for (SNI); a resumed session (a PSK from a ticket) makes none. */
    static final ConcurrentHashMap<String, LongAdder> fullHandshakes = new ConcurrentHashMap<>();

    static String tlsName(int host) {
        return "img" + host + ".bench.test";
    }

    static SSLContext serverTls(Path keystore, String pass) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, pass.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pass.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(new javax.net.ssl.KeyManager[]{new HandshakeCounter((X509ExtendedKeyManager) kmf.getKeyManagers()[0])}, null, null);
        return tls;
    }

    /** "min-max" of per-host counts. */
    static String spread(long[] v) {
        return Arrays.stream(v).min().orElse(0) + "-" + Arrays.stream(v).max().orElse(0);
    }

    /**
     * The server's key, counting full handshakes: the server picks its certificate (asks for an alias)
     * only in a full handshake, never when it resumes a session.
     */
    static final class HandshakeCounter extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;

        HandshakeCounter(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            String alias = keys.chooseEngineServerAlias(keyType, issuers, engine);
            if (alias != null) {
                fullHandshakes.computeIfAbsent(sni(engine.getHandshakeSession()), k -> new LongAdder()).increment();
            }
            return alias;
        }

        static String sni(SSLSession session) {
            if (session instanceof ExtendedSSLSession s) {
                for (SNIServerName n : s.getRequestedServerNames()) {
                    if (n instanceof SNIHostName h) {
                        return h.getAsciiName();
                    }
                }
            }
            return "(no SNI)";
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keys.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keys.getServerAliases(keyType, issuers);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return keys.getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return keys.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    static void handle(HttpExchange ex) {
        if (!ex.getLocalAddress().getAddress().isLoopbackAddress()) {
            ex.close();
            return;
        }
        try {
            requests.incrementAndGet();
            peers.add(ex.getRemoteAddress());
            served.add(ex.getLocalAddress().getAddress());
            if (ex instanceof HttpsExchange) {
                tlsConnections.computeIfAbsent(ex.getLocalAddress().getAddress(), k -> ConcurrentHashMap.newKeySet())
                        .add(ex.getRemoteAddress());
            }
            URI u = ex.getRequestURI();
            if (u.getScheme() != null || u.getHost() != null) {       // absolute form: proxy mode
                proxied.incrementAndGet();
                String name = proxyName(u);
                send(ex, 200, contentType(name), image(name));
                return;
            }
            route(ex, u.getRawPath());
        } catch (Throwable t) {
            ex.close();
        }
    }

    static void route(HttpExchange ex, String path) throws IOException {
        if (path.startsWith("/lat/")) {
            int slash = path.indexOf('/', 5);
            long ms = Long.parseLong(path.substring(5, slash < 0 ? path.length() : slash));
            String rest = slash < 0 ? "/" : path.substring(slash);
            // The exchange stays open after handle() returns: answer later from a worker, no thread sleeps.
            timer.schedule(() -> workers.execute(() -> {
                try {
                    route(ex, rest);
                } catch (Throwable t) {
                    ex.close();
                }
            }), ms, TimeUnit.MILLISECONDS);
            return;
        }
        if (path.startsWith("/img/")) {
            String name = path.substring(5);
            if (name.matches("[A-Za-z0-9_.-]+\\.(jpg|jpeg|png)") && name.length() <= 100) {
                send(ex, 200, contentType(name), image(name));
                return;
            }
        } else if (path.startsWith("/big/")) {
            String name = path.substring(5);
            long size = bigSize(name);
            if (size > 0) {
                sendBig(ex, size, contentType(name));
                return;
            }
        } else if (path.equals("/__stats")) {
            // tls: "used,new,full,hosts,new per host min-max,full per host min-max" (hosts: those with new connections)
            long used = tlsConnections.values().stream().mapToLong(Set::size).sum();
            long[] conns = tlsHandshakes.values().stream().mapToLong(LongAdder::sum).filter(n -> n > 0).toArray();
            long[] full = fullHandshakes.values().stream().mapToLong(LongAdder::sum).toArray();
            String json = String.format(Locale.ROOT,
                    "{\"requests\":%d,\"connections\":%d,\"hosts\":%d,\"proxied\":%d,\"bytes\":%d,\"cached_images\":%d,\"cpu_seconds\":%.2f,"
                            + "\"tls\":\"%s\"}%n",
                    requests.get(), peers.size(), served.size(), proxied.get(), bytesOut.get(), CACHE.size(),
                    (cpuNanos() - cpuAtReset.get()) / 1e9,
                    tlsHandshakes.isEmpty() ? "-" : used + "," + Arrays.stream(conns).sum() + "," + Arrays.stream(full).sum()
                            + "," + conns.length + "," + spread(conns) + "," + spread(full));
            send(ex, 200, "application/json", json.getBytes(StandardCharsets.UTF_8));
            return;
        } else if (path.equals("/__reset")) {
            requests.set(0);
            cpuAtReset.set(cpuNanos());
            peers.clear();
            served.clear();
            tlsConnections.clear();
            tlsHandshakes.values().forEach(LongAdder::reset);
            fullHandshakes.clear();
            proxied.set(0);
            bytesOut.set(0);
            send(ex, 200, "text/plain", "reset\n".getBytes(StandardCharsets.UTF_8));
            return;
        } else if (path.equals("/__health")) {
            send(ex, 200, "text/plain", "ok\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        // /404/... and anything unknown
        send(ex, 404, "text/plain; charset=utf-8", "404 not found\n".getBytes(StandardCharsets.UTF_8));
    }

    /** Content-Type, and an explicit keep-alive: wget2 closes the connection after every response without it. */
    static Headers headers(HttpExchange ex, String type) {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        if (!"close".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Connection"))) {
            h.set("Connection", "keep-alive");
        }
        return h;
    }

    static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        Headers h = headers(ex, type);
        if (ex.getRequestMethod().equals("HEAD")) {
            h.set("Content-Length", Integer.toString(body.length));
            ex.sendResponseHeaders(status, -1);
            ex.close();
            return;
        }
        ex.sendResponseHeaders(status, body.length);      // sets Content-Length
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
        bytesOut.addAndGet(body.length);
    }

    static void sendBig(HttpExchange ex, long size, String type) throws IOException {
        Headers h = headers(ex, type);
        if (ex.getRequestMethod().equals("HEAD")) {
            h.set("Content-Length", Long.toString(size));
            ex.sendResponseHeaders(200, -1);
            ex.close();
            return;
        }
        byte[][] blocks = bigBlocks();
        ex.sendResponseHeaders(200, size);
        try (OutputStream os = ex.getResponseBody()) {
            long left = size;
            boolean first = true;
            while (left > 0) {
                int n = (int) Math.min(BIG_BLOCK, left);
                os.write(first ? blocks[0] : blocks[1], 0, n);
                first = false;
                left -= n;
                bytesOut.addAndGet(n);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // lists

    static void lists(String base, Path out, String cats, int tlsPort) throws IOException {
        base = base.replaceAll("/+$", "");
        Files.createDirectories(out);
        List<String> small = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            small.add(base + "/img/" + corpusName(i));
            // hosts20: the same images, in turn from 127.0.0.1 .. 127.0.0.20 (the server listens on each)
            hosts.add(base.replace("//127.0.0.1:", "//127.0.0." + (1 + i % HOSTS) + ":") + "/img/" + corpusName(i));
        }
        write(out.resolve("small-2000.txt"), small);
        write(out.resolve("hosts20-2000.txt"), hosts);
        if (tlsPort > 0) {
            // https: the same images, in turn from img1.bench.test .. img16.bench.test
            List<String> https = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                https.add("https://" + tlsName(1 + i % TLS_HOSTS) + ":" + tlsPort + "/img/" + corpusName(i));
            }
            write(out.resolve("https-2000.txt"), https);
        }
        // lists8: small-2000 cut in 8 consecutive lists of 250, dropped into the daemon's inbox at the same moment.
        for (int k = 0; k < 8; k++) {
            write(out.resolve("lists8-" + (k + 1) + ".txt"), small.subList(k * 250, (k + 1) * 250));
        }
        List<String> lat = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            lat.add(base + "/lat/50/img/" + corpusName(i));
        }
        write(out.resolve("lat50-1000.txt"), lat);
        write(out.resolve("big1g.txt"), List.of(base + "/big/1073741824.jpg"));
        // million: 1,000,000 lines drawn from 1,000 distinct images (90%) and 1,000 distinct 404 URLs (10%).
        Path million = out.resolve("million.txt");
        Path tmp = out.resolve(".million.txt.tmp");
        SplittableRandom r = new SplittableRandom(42);
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (int k = 0; k < 1_000_000; k++) {
                if (r.nextInt(10) == 0) {
                    w.write(base + "/404/" + String.format(Locale.ROOT, "m%06d.jpg", r.nextInt(1000)));
                } else {
                    w.write(base + "/img/" + corpusName(10_000 + r.nextInt(1000)));
                }
                w.write('\n');
            }
        }
        Files.move(tmp, million, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.err.println("wrote " + million + " (1000000 URLs)");
        if (cats != null && !cats.isBlank()) {
            Path c = Path.of(cats);
            if (Files.isRegularFile(c)) {
                Files.write(out.resolve("cats-real-http.txt"), Files.readAllBytes(c));
                System.err.println("wrote " + out.resolve("cats-real-http.txt") + " (copied from " + c + ")");
            } else {
                System.err.println("no cats list at " + c + ": cats scenario skipped");
            }
        }
    }

    static void write(Path p, List<String> urls) throws IOException {
        Files.write(p, (String.join("\n", urls) + "\n").getBytes(StandardCharsets.UTF_8));
        System.err.println("wrote " + p + " (" + urls.size() + " URLs)");
    }

    // ---------------------------------------------------------------------------------------------------
    // check

    enum Kind { IMAGE, BIG, ABSENT }

    record Expect(String url, String name, Kind kind, String corpusName, long size) {
    }

    /** --list A:B --dir DA:DB checks list A in DA and list B in DB (each list in its own folder), one line for all. */
    static int check(String lists, String dirs, boolean proxy) throws IOException {
        String[] l = lists.split(java.io.File.pathSeparator), d = dirs.split(java.io.File.pathSeparator);
        if (l.length != d.length) {
            System.err.println("check: " + l.length + " lists but " + d.length + " folders");
            return 2;
        }
        long[] sum = new long[8];
        Set<String> odd = new java.util.TreeSet<>();
        for (int i = 0; i < l.length; i++) {
            long[] c = check(Path.of(l[i]), Path.of(d[i]), proxy, odd);
            for (int k = 0; k < sum.length; k++) {
                sum[k] += c[k];
            }
        }
        long identical = sum[0], missing = sum[1], corrupt = sum[2], truncated = sum[3], junk = sum[4], unexpected = sum[5],
                bytes = sum[6], wanted = sum[7];
        long problems = missing + corrupt + truncated + junk + unexpected;
        System.out.printf(Locale.ROOT,
                "check %s: %d/%d identical, %d missing, %d corrupt, %d truncated, %d junk saved, %d unexpected%s; %.1f MB"
                        + " [identical=%d expected=%d bytes=%d problems=%d]%n",
                l.length == 1 ? Path.of(l[0]).getFileName() : l.length + " lists", identical, wanted, missing, corrupt,
                truncated, junk, unexpected, odd.isEmpty() ? "" : " (e.g. " + String.join(", ", odd.stream().limit(3).toList()) + ")",
                bytes / 1e6, identical, wanted, bytes, problems);
        return problems == 0 ? 0 : 1;
    }

    /** {identical, missing, corrupt, truncated, junk, unexpected, bytes, wanted} of one list in its folder; odd: unexpected names. */
    static long[] check(Path list, Path dir, boolean proxy, Set<String> odd) throws IOException {
        Set<String> urls = new LinkedHashSet<>();
        try (Stream<String> lines = Files.lines(list, StandardCharsets.UTF_8)) {
            lines.map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(urls::add);
        }
        Map<String, Expect> expected = new HashMap<>();
        for (String url : urls) {
            URI u = URI.create(url);
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            String last = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
            Expect e;
            if (proxy) {
                String cn = proxyName(u);
                e = new Expect(url, last, Kind.IMAGE, cn, sizeOf(cn));
            } else if (path.contains("/404/")) {
                e = new Expect(url, last, Kind.ABSENT, null, 0);
            } else if (path.contains("/big/")) {
                e = new Expect(url, last, Kind.BIG, null, bigSize(last));
            } else {
                e = new Expect(url, last, Kind.IMAGE, last, sizeOf(last));
            }
            expected.putIfAbsent(last, e);
        }
        Map<String, List<Path>> found = new HashMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(Files::isRegularFile).forEach(p -> {
                    String n = p.getFileName().toString();
                    if (n.endsWith(".report.csv") || (n.startsWith(".") && n.endsWith(".index.tsv"))
                            || (n.startsWith(".") && n.endsWith(".lock"))
                            || p.getParent().getFileName().toString().equals(".image-downloader")) {
                        return;      // our own report, folder index, run locks and writers' live locks
                    }
                    found.computeIfAbsent(n, k -> new ArrayList<>()).add(p);
                });
            }
        }
        long identical = 0, missing = 0, corrupt = 0, truncated = 0, junk = 0, unexpected = 0, bytes = 0, wanted = 0;
        for (Expect e : expected.values()) {
            List<Path> files = found.remove(e.name);
            if (e.kind == Kind.ABSENT) {
                junk += files == null ? 0 : files.size();
                continue;
            }
            wanted++;
            if (files == null) {
                missing++;
                continue;
            }
            unexpected += files.size() - 1;            // the same name saved twice at different depths
            int verdict = 2;                           // 0 identical, 1 truncated, 2 corrupt: best of the copies
            for (Path f : files) {
                verdict = Math.min(verdict, e.kind == Kind.BIG ? compareBig(f, e.size) : compare(f, image(e.corpusName)));
            }
            if (verdict == 0) {
                identical++;
                bytes += e.size;
            } else if (verdict == 1) {
                truncated++;
            } else {
                corrupt++;
            }
        }
        for (List<Path> l : found.values()) {
            unexpected += l.size();
        }
        odd.addAll(found.keySet());
        return new long[]{identical, missing, corrupt, truncated, junk, unexpected, bytes, wanted};
    }

    /** 0 identical, 1 truncated (a strict prefix), 2 corrupt. */
    static int compare(Path f, byte[] want) throws IOException {
        byte[] got = Files.readAllBytes(f);
        if (got.length == want.length) {
            return Arrays.equals(got, want) ? 0 : 2;
        }
        if (got.length < want.length && Arrays.equals(got, 0, got.length, want, 0, got.length)) {
            return 1;
        }
        return 2;
    }

    static int compareBig(Path f, long size) throws IOException {
        long have = Files.size(f);
        if (have > size) {
            return 2;
        }
        byte[][] blocks = bigBlocks();
        byte[] buf = new byte[BIG_BLOCK];
        try (InputStream in = Files.newInputStream(f)) {
            long off = 0;
            while (off < have) {
                int n = in.readNBytes(buf, 0, (int) Math.min(BIG_BLOCK, have - off));
                if (n <= 0) {
                    return 2;
                }
                byte[] want = off == 0 ? blocks[0] : blocks[1];
                if (!Arrays.equals(buf, 0, n, want, 0, n)) {
                    return 2;
                }
                off += n;
            }
        }
        return have == size ? 0 : 1;
    }

    // ---------------------------------------------------------------------------------------------------
    // sha256: how fast one core hashes the bytes /big/SIZE serves, with the JDK's MessageDigest (what our
    // daemon hashes with), in 1 MiB updates; one pass to let the JIT compile it, then the measured pass.

    static void sha256(long size) throws Exception {
        byte[][] blocks = bigBlocks();
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double s = 0, cpu = 0;
        for (int pass = 0; pass < 2; pass++) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long t0 = System.nanoTime(), c0 = threads.getCurrentThreadCpuTime();
            for (long off = 0; off < size; off += BIG_BLOCK) {
                sha.update(off == 0 ? blocks[0] : blocks[1], 0, (int) Math.min(BIG_BLOCK, size - off));
            }
            sha.digest();
            s = (System.nanoTime() - t0) / 1e9;
            cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
        }
        // By the thread's CPU time: what one core does when it is free (on a busy machine the clock says less).
        System.out.printf(Locale.ROOT, "sha256 %d bytes: %.3f s CPU, %.3f s by the clock (%.0f MB/s), %.0f MB/s%n",
                size, cpu, s, size / 1e6 / s, size / 1e6 / cpu);
    }

    // ---------------------------------------------------------------------------------------------------
    // ceiling: a keep-alive client with N connections cycling the small-2000 paths, then one big download

    static void ceiling(String base, int conns, double seconds, int lat, long big) throws Exception {
        URI b = URI.create(base);
        String host = b.getHost();
        int port = b.getPort() < 0 ? 80 : b.getPort();
        String[] paths = new String[2000];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = (lat > 0 ? "/lat/" + lat : "") + "/img/" + corpusName(i);
        }
        // warm-up pass (JIT on both sides), then the measured pass
        load(host, port, conns, Math.min(1.0, seconds), paths);
        long[] r = load(host, port, conns, seconds, paths);
        double s = r[2] / 1e9;
        System.out.printf(Locale.ROOT, "ceiling small-2000%s keep-alive, %d connections, %.1f s: %.0f req/s, %.1f MB/s%s%n",
                lat > 0 ? " via /lat/" + lat : "", conns, s, r[0] / s, r[1] / 1e6 / s, r[3] > 0 ? " (" + r[3] + " errors)" : "");
        if (big > 0) {
            long t0 = System.nanoTime();
            long got;
            try (Socket sock = new Socket(host, port)) {
                got = get(sock, new BufferedInputStream(sock.getInputStream(), 1 << 16), host, "/big/" + big + ".jpg", new byte[1 << 20]);
            }
            double bs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "ceiling one /big/%d.jpg download (to memory, discarded): %.2f s, %.0f MB/s%n",
                    big, bs, got / 1e6 / bs);
        }
    }

    /** Returns {requests, body bytes, nanos, errors}. */
    static long[] load(String host, int port, int conns, double seconds, String[] paths) throws InterruptedException {
        AtomicLong reqs = new AtomicLong(), bytes = new AtomicLong(), errors = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (seconds * 1e9);
        Thread[] ts = new Thread[conns];
        for (int c = 0; c < conns; c++) {
            ts[c] = new Thread(() -> {
                byte[] scratch = new byte[1 << 16];
                while (System.nanoTime() < deadline) {
                    try (Socket sock = new Socket(host, port)) {
                        sock.setTcpNoDelay(true);
                        InputStream in = new BufferedInputStream(sock.getInputStream(), 1 << 16);
                        while (System.nanoTime() < deadline) {
                            long n = get(sock, in, host, paths[Math.floorMod(next.getAndIncrement(), paths.length)], scratch);
                            reqs.incrementAndGet();
                            bytes.addAndGet(n);
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    }
                }
            });
            ts[c].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        return new long[]{reqs.get(), bytes.get(), System.nanoTime() - t0, errors.get()};
    }

    /** One keep-alive GET; reads and discards the body; returns its length. */
    static long get(Socket sock, InputStream in, String host, String path, byte[] scratch) throws IOException {
        OutputStream out = sock.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String status = line(in);
        if (status == null || !status.startsWith("HTTP/1.1 ")) {
            throw new IOException("bad status line " + status);
        }
        long len = -1;
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                len = Long.parseLong(h.substring(colon + 1).trim());
            }
        }
        if (len < 0) {
            throw new IOException("no Content-Length");
        }
        long left = len;
        while (left > 0) {
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
            if (n < 0) {
                throw new IOException("body cut short");
            }
            left -= n;
        }
        return len;
    }

    static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int l = sb.length();
                return l > 0 && sb.charAt(l - 1) == '\r' ? sb.substring(0, l - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    // ---------------------------------------------------------------------------------------------------
    // table: raw per-run TSV lines written by run.sh -> one markdown table per scenario
    // columns: scenario tool N round wall_s rss_kb cpu_s identical expected bytes problems rc srv_req srv_conn
    //          srv_cpu_s lines complete check_summary [list_times [tls]]      (round 0 = warm-up, not reported)
    // list_times (lists8): each list's drop->report seconds in list order, comma-separated, or "-"
    // tls (https): the server's "used,new,full,hosts,new per host,full per host" of /__stats, or "-"

    /** @param sha256 one core's SHA-256 rates in MB/s measured in the same run (big1g), the best is the ceiling; or "" */
    static void table(Path raw, String scenario, String title, String sha256) throws IOException {
        Map<String, List<String[]>> byTool = new java.util.LinkedHashMap<>();
        for (String l : Files.readAllLines(raw, StandardCharsets.UTF_8)) {
            String[] f = l.split("\t", -1);
            if (f.length >= 18 && f[0].equals(scenario) && Integer.parseInt(f[3]) > 0) {
                byTool.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f);
            }
        }
        boolean million = byTool.values().stream().flatMap(List::stream).anyMatch(f -> !f[16].equals("-"));
        boolean perList = byTool.values().stream().flatMap(List::stream).anyMatch(f -> listTimes(f).length > 0);
        boolean tls = byTool.values().stream().flatMap(List::stream).anyMatch(f -> tls(f) != null);
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(scenario).append(title.isEmpty() ? "" : ": " + title).append("\n\n");
        if (byTool.isEmpty()) {
            System.out.print(sb.append("(no measured runs)\n\n"));
            return;
        }
        sb.append("| tool | N | runs | wall s median (min-max) | images/s | MB/s | peak RSS MB | CPU s |")
                .append(million ? " lines/s | µs/line | completed |" : "")
                .append(perList ? " each list drop→report s min / median / max |" : "")
                .append(tls ? " TLS connections used; new = full + resumed handshakes (per host: new; full) |" : "")
                .append(" correct files | exit | server req / conn / CPU s |\n");
        sb.append("|---|---:|---:|---|---:|---:|---:|---:|").append(million ? "---:|---:|---|" : "").append(perList ? "---|" : "")
                .append(tls ? "---|" : "").append("---|---|---|\n");
        Map<String, Double> rate = new java.util.LinkedHashMap<>();
        for (var e : byTool.entrySet()) {
            List<String[]> runs = e.getValue();
            double wall = median(runs, 4), good = median(runs, 7), bytes = median(runs, 9);
            double min = runs.stream().mapToDouble(f -> Double.parseDouble(f[4])).min().orElse(0);
            double max = runs.stream().mapToDouble(f -> Double.parseDouble(f[4])).max().orElse(0);
            double rss = runs.stream().mapToDouble(f -> Double.parseDouble(f[5])).max().orElse(0) / 1024;
            rate.put(e.getKey(), good / wall);
            double ips = good / wall;
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f (%.3f-%.3f) | " + (ips < 10 ? "%.2f" : "%.0f") + " | %.1f | %.0f | %.2f |",
                    e.getKey(), runs.get(0)[2], runs.size(), wall, min, max, ips, bytes / 1e6 / wall, rss, median(runs, 6)));
            if (million) {
                double lines = median(runs, 15);
                Set<String> complete = new LinkedHashSet<>();
                runs.forEach(f -> complete.add(f[16]));
                sb.append(String.format(Locale.ROOT, " %.0f | %.1f | %s |", lines / wall, wall * 1e6 / lines, String.join("; ", complete)));
            }
            if (perList) {
                // per run: the fastest, median and slowest list; then the median of each over the runs
                List<String[]> spread = new ArrayList<>();
                for (String[] f : runs) {
                    double[] t = Arrays.stream(listTimes(f)).sorted().toArray();
                    if (t.length > 0) {
                        double med = t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
                        spread.add(new String[]{Double.toString(t[0]), Double.toString(med), Double.toString(t[t.length - 1])});
                    }
                }
                sb.append(spread.isEmpty() ? " - |" : String.format(Locale.ROOT, " %.3f / %.3f / %.3f |",
                        median(spread, 0), median(spread, 1), median(spread, 2)));
            }
            if (tls) {
                sb.append(' ').append(tlsCell(runs)).append(" |");
            }
            Set<String> checks = new LinkedHashSet<>();
            boolean allGood = runs.stream().allMatch(f -> f[10].equals("0"));
            if (allGood) {
                runs.forEach(f -> checks.add(f[7] + "/" + f[8] + " identical"));
            } else {
                runs.forEach(f -> checks.add(f[17]));
            }
            Set<String> exits = new java.util.TreeSet<>();
            runs.forEach(f -> exits.add(f[11]));
            sb.append(String.format(Locale.ROOT, " %s%s | %s | %.0f / %.0f / %.2f |%n",
                    allGood ? "" : "**PROBLEM** ", String.join(" \\| ", checks), String.join(",", exits),
                    median(runs, 12), median(runs, 13), median(runs, 14)));
        }
        sb.append('\n');
        for (var e : byTool.entrySet()) {
            for (String[] f : e.getValue()) {
                double[] t = listTimes(f);
                if (t.length > 0) {
                    sb.append(String.format(Locale.ROOT, "%s run %s, each list's drop→report s in list order: %s  %n", e.getKey(), f[3],
                            String.join(" ", Arrays.stream(t).mapToObj(x -> String.format(Locale.ROOT, "%.3f", x)).toList())));
                }
            }
        }
        if (perList) {
            sb.append('\n');
        }
        if (tls) {
            for (var e : byTool.entrySet()) {
                sb.append(e.getKey()).append(", TLS per run (used; new = full + resumed; per host new; full): ").append(String.join("  ",
                        e.getValue().stream().map(f -> f[3] + ": " + tlsText(tls(f))).toList())).append("  \n");
            }
            sb.append('\n');
        }
        List<String> cpu = new ArrayList<>();
        for (var e : byTool.entrySet()) {
            double good = median(e.getValue(), 7);
            if (good > 0) {
                cpu.add(String.format(Locale.ROOT, "%s %.3f", e.getKey(), median(e.getValue(), 6) * 1000 / good));
            }
        }
        sb.append("CPU ms per image (median CPU s / identical files): ").append(String.join("; ", cpu)).append("  \n");
        if (!sha256.isBlank()) {
            double[] rates = Arrays.stream(sha256.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
            double best = Arrays.stream(rates).max().orElse(0);
            List<String> parts = new ArrayList<>();
            for (var e : byTool.entrySet()) {
                if (e.getKey().startsWith("ours-")) {
                    // and by CPU, which a busy machine does not skew: the hashing's share of the tool's CPU
                    double mb = median(e.getValue(), 9) / 1e6;
                    parts.add(String.format(Locale.ROOT, "%s %.2f (at that rate, hashing is %.2f of its CPU)", e.getKey(),
                            mb / median(e.getValue(), 4) / best, mb / best / median(e.getValue(), 6)));
                }
            }
            sb.append(String.format(Locale.ROOT, "SHA-256 on one core (MessageDigest in a JVM of its own over the same bytes, per second of "
                    + "its thread's CPU; before and after the runs): %s MB/s; MB/s as a fraction of the faster: %s  %n",
                    String.join(" and ", Arrays.stream(rates).mapToObj(r -> String.format(Locale.ROOT, "%.0f", r)).toList()),
                    String.join("; ", parts)));
        }
        List<String> ours = rate.keySet().stream().filter(t -> t.startsWith("ours-")).toList();
        List<String> others = rate.keySet().stream().filter(t -> !t.startsWith("ours-")).toList();
        for (String o : ours) {
            List<String> parts = new ArrayList<>();
            for (String p : others) {
                parts.add(String.format(Locale.ROOT, "%s / %s images/s = %.2f", o, p, rate.get(o) / rate.get(p)));
            }
            if (!parts.isEmpty()) {
                sb.append(String.join("; ", parts)).append("  \n");
            }
        }
        System.out.print(sb.append('\n'));
    }

    /** The server's TLS counts of a raw record as {used, new, full, hosts}, per-host spreads at [4] and [5], or null. */
    static String[] tls(String[] f) {
        return f.length < 20 || f[19].isEmpty() || f[19].equals("-") ? null : f[19].split(",");
    }

    static String tlsText(String[] t) {
        if (t == null) {
            return "-";
        }
        long fresh = Long.parseLong(t[1]), full = Long.parseLong(t[2]);
        return String.format(Locale.ROOT, "%s; %d = %d + %d (%s hosts: %s; %s)", t[0], fresh, full, fresh - full, t[3], t[4], t[5]);
    }

    /** The TLS counts of the run with the median number of new connections. */
    static String tlsCell(List<String[]> runs) {
        List<String[]> with = runs.stream().filter(f -> tls(f) != null)
                .sorted(java.util.Comparator.comparingLong(f -> Long.parseLong(tls(f)[1]))).toList();
        return with.isEmpty() ? "-" : tlsText(tls(with.get(with.size() / 2)));
    }

    /** The per-list drop->report times of a raw record (lists8), or none. */
    static double[] listTimes(String[] f) {
        if (f.length < 19 || f[18].isEmpty() || f[18].equals("-")) {
            return new double[0];
        }
        return Arrays.stream(f[18].split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    static double median(List<String[]> runs, int col) {
        double[] v = runs.stream().mapToDouble(f -> Double.parseDouble(f[col])).sorted().toArray();
        int n = v.length;
        return n == 0 ? 0 : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
