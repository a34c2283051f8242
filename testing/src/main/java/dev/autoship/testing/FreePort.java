package dev.autoship.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A TCP port on the loopback interface that nothing listens on right now. */
public final class FreePort {

    private FreePort() {
    }

    /**
     * A free port {@code p} whose {@code p + offset} is free too (a Redis Cluster node listens on its port and, for
     * its cluster bus, on the port + 10,000; both must exist and be free).
     */
    public static int findWithPartner(int offset) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = find();
            if (port + offset <= 65_535 && isFree(port + offset)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port with a free partner port " + offset + " above it");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
