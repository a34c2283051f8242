package dev.autoship.predictor.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves TLS on a free loopback port and forwards the decrypted bytes to a plain backend, as a TLS-terminating
 * load balancer or sidecar in front of Elasticsearch would (the test distribution of Elasticsearch has no TLS).
 */
final class TlsTerminatingProxy implements AutoCloseable {

    private final SSLServerSocket server;
    private final String backendHost;
    private final int backendPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    TlsTerminatingProxy(SSLContext context, String backendHost, int backendPort) throws IOException {
        this.server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.backendHost = backendHost;
        this.backendPort = backendPort;
        this.acceptor = Thread.ofPlatform().daemon().name("tls-proxy-" + port()).start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket backend = new Socket(backendHost, backendPort);
                open.add(client);
                open.add(backend);
                Thread.ofVirtual().start(() -> pump(client, backend));
                Thread.ofVirtual().start(() -> pump(backend, client));
            } catch (IOException e) {
                // closed, or a client whose handshake failed: keep accepting until closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side went away (a failed handshake included): close both
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(this::closeQuietly);
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
