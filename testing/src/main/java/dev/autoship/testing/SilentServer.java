package dev.autoship.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server that accepts connections on a loopback port and never answers: a hung backend (an Elasticsearch that
 * stopped answering), for tests of what a client's timeouts do. Closing it closes every connection it accepted.
 */
public final class SilentServer implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    private SilentServer(ServerSocket socket) {
        this.socket = socket;
    }

    public static SilentServer start() {
        try {
            SilentServer server = new SilentServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            Thread.ofVirtual().name("silent-server").start(server::accept);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept() {
        try {
            while (true) {
                accepted.add(socket.accept());
            }
        } catch (IOException closed) {
            // closed by close()
        }
    }

    /** An http:// URL of the server, e.g. as the address of a backend that hangs. */
    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket connection : accepted) {
            connection.close();
        }
    }
}
