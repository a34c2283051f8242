package dev.autoship.predictor.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.spi.ServerConnection;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;

/**
 * One client connection served by Helidon's HTTP/1.1 connection, seen through a reader and a writer that time
 * every wait for bytes ({@link RequestClock}) and let an HTTP/1.0 request in ({@link Http10Request}).
 */
final class GuardedConnection implements ServerConnection, InterruptableTask<Void>, ConnectionBudget.Member {

    /** Longer than any request line or head Helidon accepts (2 KiB line, 16 KiB headers by default). */
    private static final int MAX_HEAD_BYTES = 32 * 1024;
    /** After a 413, a pause this long means the client has stopped sending the refused body. */
    static final Duration LINGER_PAUSE = Duration.ofMillis(250);
    private static final Duration LINGER_MAX_TIME = Duration.ofSeconds(5);
    private static final long LINGER_MAX_BYTES = 64L * 1024 * 1024;
    private static final byte[] STATUS_413 = "HTTP/1.1 413 ".getBytes(StandardCharsets.US_ASCII);

    private final ConnectionContext ctx;
    private final DataReader identified;
    private final RequestClock clock;
    private final ConnectionBudget budget;
    private final ServerConnection http1;
    private boolean firstRequestSeen;
    private volatile boolean refusedBody;

    GuardedConnection(ConnectionContext ctx, RequestClock clock, ConnectionBudget budget,
                      Function<ConnectionContext, ServerConnection> http1) {
        this.ctx = ctx;
        this.identified = ctx.dataReader();
        this.clock = clock;
        this.budget = budget;
        this.http1 = http1.apply(new Context(DataReader.create(this::next), new AnsweredWriter(ctx.dataWriter())));
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
        // the first request's clock starts when this connection is first served (at once when the listener has no
        // other selector to choose): a client that connects and never sends a byte is closed at the request timeout
        clock.accepted(System.nanoTime());
        if (!budget.admit(this)) {
            // the port is full of connections answering requests: this one ends now (Helidon closes its socket)
            return;
        }
        try {
            http1.handle(limit);
        } finally {
            try {
                if (refusedBody) {
                    dropWhatStillArrives();
                }
            } finally {
                budget.leave(this);
            }
        }
    }

    /**
     * After a 413 the client may still be sending the refused body. Closing now, with its bytes unread, makes the
     * kernel reset the connection, and a client that writes its whole body before reading would get "broken pipe"
     * or "connection reset" instead of the 413. So the connection first reads and drops what still arrives, until
     * the client pauses for {@link #LINGER_PAUSE} (it has sent everything and is reading the answer), and at most
     * {@link #LINGER_MAX_BYTES} or {@link #LINGER_MAX_TIME}; the 413 has already been sent.
     */
    private void dropWhatStillArrives() {
        clock.lingering(System.nanoTime(), LINGER_PAUSE, LINGER_MAX_TIME);
        long dropped = 0;
        try {
            while (dropped < LINGER_MAX_BYTES) {
                clock.waiting(System.nanoTime());
                byte[] bytes = identified.available() > 0 ? identified.readBytes(identified.available()) : ctx.serverSocket().get();
                clock.stoppedWaiting();
                if (bytes == null) {
                    return;
                }
                dropped += bytes.length;
            }
        } catch (RuntimeException e) {
            // the watchdog ended the wait (the client paused, or time is up), or the client went away
        } finally {
            clock.stoppedWaiting();
        }
    }

    @Override
    public Duration idleTime() {
        return http1.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
        http1.close(interrupt);
    }

    @Override
    public boolean canInterrupt() {
        return http1 instanceof InterruptableTask<?> task && task.canInterrupt();
    }

    @Override
    public RequestClock clock() {
        return clock;
    }

    /** Ends a connection that waited too long, or was shed: its blocked read fails and Helidon closes it quietly. */
    @Override
    public void abort() {
        ctx.serverSocket().close();
    }

    /** The next bytes for Helidon's parser; an HTTP/1.0 first request is handed over as HTTP/1.1. */
    private byte[] next() {
        byte[] bytes = readSocket();
        if (firstRequestSeen) {
            return bytes;
        }
        int length = bytes.length;
        int endOfLine;
        while ((endOfLine = Http10Request.endOfFirstLine(bytes, length)) < 0 && length < MAX_HEAD_BYTES) {
            bytes = append(bytes, readSocket());
            length = bytes.length;
        }
        firstRequestSeen = true;
        if (endOfLine < 0 || !Http10Request.isHttp10(bytes, endOfLine)) {
            return bytes;
        }
        int endOfHead;
        while ((endOfHead = Http10Request.endOfHead(bytes, length)) < 0 && length < MAX_HEAD_BYTES) {
            bytes = append(bytes, readSocket());
            length = bytes.length;
        }
        return endOfHead < 0 ? bytes : Http10Request.asHttp11(bytes, endOfHead, length, "localhost");
    }

    /**
     * The next bytes from the client: first what Helidon already read to pick this connection's protocol, then
     * straight from the socket (no copy through a second reader). When the client has closed, the connection ends
     * quietly: Helidon alone would answer a request cut mid-head with a 500 and log it as a warning.
     */
    private byte[] readSocket() {
        clock.waiting(System.nanoTime());
        byte[] bytes;
        try {
            bytes = identified.available() > 0 ? identified.readBytes(identified.available()) : ctx.serverSocket().get();
        } catch (UncheckedIOException e) {
            throw new ServerConnectionException("Failed to get data from socket", e);
        } finally {
            clock.stoppedWaiting();
        }
        if (bytes == null) {
            throw new CloseConnectionException("the client closed the connection");
        }
        clock.received(System.nanoTime());
        return bytes;
    }

    private static byte[] append(byte[] bytes, byte[] more) {
        byte[] all = Arrays.copyOf(bytes, bytes.length + more.length);
        System.arraycopy(more, 0, all, bytes.length, more.length);
        return all;
    }

    /** Marks the end of each request: whatever is written to the client answers it. */
    private final class AnsweredWriter implements DataWriter {
        private final DataWriter writer;

        AnsweredWriter(DataWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(BufferData... buffers) {
            noteRefusal(buffers);
            writer.write(buffers);
            clock.answered();
        }

        @Override
        public void write(BufferData buffer) {
            noteRefusal(buffer);
            writer.write(buffer);
            clock.answered();
        }

        @Override
        public void writeNow(BufferData... buffers) {
            noteRefusal(buffers);
            writer.writeNow(buffers);
            clock.answered();
        }

        @Override
        public void writeNow(BufferData buffer) {
            noteRefusal(buffer);
            writer.writeNow(buffer);
            clock.answered();
        }

        private void noteRefusal(BufferData... buffers) {
            if (buffers.length > 0) {
                noteRefusal(buffers[0]);
            }
        }

        /** A response head starting "HTTP/1.1 413 " refuses a body that may still be arriving. */
        private void noteRefusal(BufferData buffer) {
            if (buffer.available() < STATUS_413.length) {
                return;
            }
            for (int i = 0; i < STATUS_413.length; i++) {
                if (buffer.get(i) != STATUS_413[i]) {
                    return;
                }
            }
            refusedBody = true;
        }

        @Override
        public void flush() {
            writer.flush();
        }

        @Override
        public void close() {
            writer.close();
        }
    }

    /** The connection's context with the timed reader and writer in place of the socket's own. */
    private final class Context implements ConnectionContext {
        private final DataReader reader;
        private final DataWriter writer;

        Context(DataReader reader, DataWriter writer) {
            this.reader = reader;
            this.writer = writer;
        }

        @Override
        public DataReader dataReader() {
            return reader;
        }

        @Override
        public DataWriter dataWriter() {
            return writer;
        }

        @Override
        public ListenerContext listenerContext() {
            return ctx.listenerContext();
        }

        @Override
        public ExecutorService executor() {
            return ctx.executor();
        }

        @Override
        public Router router() {
            return ctx.router();
        }

        @Override
        public Optional<ProxyProtocolData> proxyProtocolData() {
            return ctx.proxyProtocolData();
        }

        @Override
        public HelidonSocket serverSocket() {
            return ctx.serverSocket();
        }

        @Override
        public PeerInfo remotePeer() {
            return ctx.remotePeer();
        }

        @Override
        public PeerInfo localPeer() {
            return ctx.localPeer();
        }

        @Override
        public boolean isSecure() {
            return ctx.isSecure();
        }

        @Override
        public String socketId() {
            return ctx.socketId();
        }

        @Override
        public String childSocketId() {
            return ctx.childSocketId();
        }
    }
}
