package dev.autoship.benchmarks.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One hostile client on a raw socket: it connects once (never reconnects), holds the connection as its
 * {@link HostileKind} says, and notes when the server ended it and what, if anything, the server answered first.
 */
final class HostileConnection {
    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    private static final Duration DRIP_INTERVAL = Duration.ofSeconds(1);
    private static final byte[] PARTIAL_HEAD = ("POST /v1/predictions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\n").getBytes(StandardCharsets.US_ASCII);

    private final HostileKind kind;
    private final InetSocketAddress address;
    private final Socket socket = new Socket();
    private volatile boolean abandoned;
    private volatile int answerStatus;

    HostileConnection(HostileKind kind, InetSocketAddress address) {
        this.kind = kind;
        this.address = address;
    }

    /** Blocks until the server ends the connection or {@link #abandon()} is called. */
    Closure hold() {
        try {
            socket.connect(address, CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            return new Closure(kind, -1, System.nanoTime(), "connect failed", 0);
        }
        long opened = System.nanoTime();
        try {
            if (kind == HostileKind.SLOWLORIS) {
                OutputStream out = socket.getOutputStream();
                out.write(PARTIAL_HEAD);
                Thread.ofVirtual().start(() -> drip(out));
            }
            return new Closure(kind, opened, readUntilEnd(socket.getInputStream()), "closed", answerStatus);
        } catch (IOException e) {
            return new Closure(kind, opened, System.nanoTime(), abandoned ? "still open" : "reset", answerStatus);
        }
    }

    private long readUntilEnd(InputStream in) throws IOException {
        byte[] buffer = new byte[1024];
        StringBuilder start = new StringBuilder();
        int read;
        while ((read = in.read(buffer)) >= 0) {
            if (start.length() < 12) {
                start.append(new String(buffer, 0, Math.min(read, 12), StandardCharsets.ISO_8859_1));
                answerStatus = RawExchange.status(start.toString());
            }
        }
        if (abandoned) {
            throw new IOException("closed by this client");
        }
        return System.nanoTime();
    }

    private void drip(OutputStream out) {
        try {
            for (int line = 0; !abandoned; line++) {
                Thread.sleep(DRIP_INTERVAL);
                out.write(("X-Slow-" + line + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException | InterruptedException ended) {
            // the server closed the connection (the reader notes when) or this client gave up
        }
    }

    /** Ends the connection from this side: the observation is over and the server has not closed it. */
    void abandon() {
        abandoned = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }
}
