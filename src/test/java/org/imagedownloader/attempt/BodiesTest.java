package org.imagedownloader.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Discarding bodies against a real keep-alive server on loopback, counting the connections it accepts. */
class BodiesTest {

    private ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicInteger connections = new AtomicInteger();
    private CloseableHttpClient client;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.submit(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    pool.submit(() -> serve(s));
                } catch (IOException closed) {
                    return;
                }
            }
        });
        client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().build()).build();
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        server.close();
        pool.shutdownNow();
    }

    /** Keep-alive: answers every request on the connection, each response in one write. */
    private void serve(Socket s) {
        try (s) {
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            for (String request = in.readLine(); request != null; request = in.readLine()) {
                for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                    // the path is all that matters
                }
                String path = request.split(" ")[1];
                if (path.startsWith("/trickle")) {
                    out.write(head(404, 1000));
                    out.flush();
                    for (int i = 0; i < 1000; i++) {
                        Thread.sleep(100);
                        out.write('x');
                        out.flush();
                    }
                } else {
                    int size = path.startsWith("/big") ? (int) Bodies.SMALL_BODY + 1 : 9;
                    byte[] head = head(404, size);
                    byte[] response = new byte[head.length + size];
                    System.arraycopy(head, 0, response, 0, head.length);
                    out.write(response);
                    out.flush();
                }
            }
        } catch (IOException | InterruptedException gone) {
            // the client aborted or the test ended
        }
    }

    private static byte[] head(int status, int length) {
        return ("HTTP/1.1 " + status + " Whatever\r\nContent-Type: text/html\r\nContent-Length: " + length
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private void getAndDiscard(String path) throws IOException {
        ClassicHttpResponse response = client.executeOpen(null,
                new HttpGet(URI.create("http://127.0.0.1:" + server.getLocalPort() + path)), null);
        // Released one way or the other, as in the route: camel-http leaves the response to its body stream.
        Bodies.discard(response.getEntity().getContent(), response.getEntity().getContentLength());
    }

    @Test
    void smallErrorPagesThatHaveArrivedKeepTheConnection() throws IOException {
        for (int i = 0; i < 5; i++) {
            getAndDiscard("/404/" + i);
        }
        assertThat(connections).hasValue(1);
    }

    @Test
    void aTricklingBodyIsAbortedAtOnceAndCostsOneConnection() throws IOException {
        long start = System.nanoTime();
        getAndDiscard("/trickle");
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms to let go").isLessThan(5_000);
        getAndDiscard("/404/after");
        assertThat(connections).hasValue(2);
    }

    @Test
    void aLargeBodyIsAbortedNotRead() throws IOException {
        getAndDiscard("/big");
        getAndDiscard("/404/after");
        assertThat(connections).hasValue(2);
    }
}
