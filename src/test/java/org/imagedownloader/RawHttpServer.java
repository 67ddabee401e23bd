package org.imagedownloader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 server that writes whatever bytes a test asks for, one request per connection:
 * for the faults a well-behaved server library will not produce (a Content-Length that lies, a body
 * cut short).
 */
final class RawHttpServer implements AutoCloseable {

    /** Answers one request by writing raw bytes; the connection is closed afterwards. */
    interface Handler {
        void answer(String path, int requestNumber, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    RawHttpServer(Handler handler) throws IOException {
        socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        pool.submit(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    pool.submit(() -> serve(s, handler));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    private void serve(Socket s, Handler handler) {
        try (s) {
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            String requestLine = in.readLine();
            for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                // headers are not needed by any test
            }
            if (requestLine == null) {
                return;
            }
            String path = requestLine.split(" ")[1];
            int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            handler.answer(path, n, s.getOutputStream());
            s.getOutputStream().flush();
        } catch (IOException | InterruptedException e) {
            // The client went away mid-answer, which is what several tests provoke.
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    int requests(String path) {
        AtomicInteger n = counts.get(path);
        return n == null ? 0 : n.get();
    }

    /** Answers 200 with this JPEG. */
    static void jpeg(OutputStream out, byte[] body) throws IOException {
        head(out, 200, "image/jpeg", body.length);
        out.write(body);
    }

    static void head(OutputStream out, int status, String contentType, long contentLength) throws IOException {
        String head = "HTTP/1.1 " + status + " X\r\nContent-Type: " + contentType + "\r\n"
                + (contentLength >= 0 ? "Content-Length: " + contentLength + "\r\n" : "")
                + "Connection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void close() throws IOException {
        socket.close();
        pool.shutdownNow();
    }
}
