package org.imagedownloader;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A port on loopback that refuses connections until {@link #open} relays them to a real server: a
 * server that is away, then back, at an address fixed in advance.
 */
final class TcpRelay implements AutoCloseable {

    private final int port;
    private ServerSocket listening;

    private TcpRelay(int port) {
        this.port = port;
    }

    /** A free port, not listened on yet. */
    static TcpRelay reserve() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new TcpRelay(probe.getLocalPort());
        }
    }

    int port() {
        return port;
    }

    /** From now on, every connection to the port is relayed to target (host:port). */
    void open(String target) throws IOException {
        String[] hostPort = target.split(",")[0].split(":");
        InetSocketAddress to = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
        listening = new ServerSocket();
        listening.setReuseAddress(true);
        listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        Thread acceptor = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket in = listening.accept();
                    Socket out = new Socket(to.getAddress(), to.getPort());
                    pump(in.getInputStream(), out.getOutputStream(), in, out);
                    pump(out.getInputStream(), in.getOutputStream(), in, out);
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "relay-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void pump(InputStream from, OutputStream to, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            try (a; b) {
                from.transferTo(to);
            } catch (IOException e) {
                // one side closed: the relay of this connection ends
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        if (listening != null) {
            listening.close();
        }
    }
}
