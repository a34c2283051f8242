package dev.autoship.predictor.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import java.time.Duration;
import java.util.Set;

/**
 * Serves every connection on the port with Helidon's own HTTP/1.1 connection, guarded: the first request must arrive
 * within the request timeout of the connection's acceptance, every later one within the request timeout of its first
 * byte, an idle kept-alive connection is closed after the idle timeout, and HTTP/1.0 requests are answered (Helidon 4.5
 * alone refuses them with 505).
 *
 * <p>It must be the listener's only connection selector (protocol discovery off): with one candidate Helidon hands
 * it the connection as soon as it is accepted, whereas with several it first waits, without any time limit, for the
 * client's first byte to choose between them, so a client that connects and never sends anything would hold a
 * connection slot for good.
 */
public final class GuardedHttp1Selector implements ServerConnectionSelector, AutoCloseable {

    private final ServerConnectionSelector http1;
    private final Duration requestTimeout;
    private final Duration idleTimeout;
    private final ConnectionWatchdog watchdog;

    public GuardedHttp1Selector(Http1Config http1Config, Duration requestTimeout, Duration idleTimeout) {
        this.http1 = Http1ConnectionSelector.builder().config(http1Config).build();
        this.requestTimeout = requestTimeout;
        this.idleTimeout = idleTimeout;
        Duration shortest = requestTimeout.compareTo(idleTimeout) < 0 ? requestTimeout : idleTimeout;
        this.watchdog = new ConnectionWatchdog(shortest.compareTo(GuardedConnection.LINGER_PAUSE) < 0
                ? shortest : GuardedConnection.LINGER_PAUSE);
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    /** Everything: what is not HTTP/1.x gets Helidon's 400 (or the request timeout) rather than a silent close. */
    @Override
    public Support supports(BufferData request) {
        return Support.SUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return Set.of("http/1.1");
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return new GuardedConnection(ctx, new RequestClock(requestTimeout, idleTimeout), watchdog, http1::connection);
    }

    @Override
    public void close() {
        watchdog.close();
    }
}
