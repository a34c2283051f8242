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
 * byte, and HTTP/1.0 requests are answered (Helidon 4.5 alone refuses them with 505). Idle kept-alive connections,
 * the number of connections and the payload size are left to Helidon's own listener options.
 *
 * <p>This package is the one seam between the predictor and Helidon's connection internals, and stays only as long
 * as Helidon needs it ({@code HelidonUpstreamCanaryTest} fails once an upgrade makes a part unnecessary):
 * <ul>
 * <li>helidon#12324 (fixed upstream after 4.5.3, the newest release served here is 4.5.0): after an answer that
 * says {@code Connection: close} Helidon keeps reading the connection ({@link ConnectionCloseEnforcer});</li>
 * <li>no whole-request deadline: Helidon 4.5 bounds each read only by its socket's read timeout, so a client
 * trickling bytes holds a connection for ever ({@link RequestClock}, {@link ConnectionWatchdog});</li>
 * <li>HTTP/1.0 refused ({@link Http10Request}).</li>
 * </ul>
 * It relies on these Helidon 4.5 SPI types: {@code ServerConnectionSelector}, {@code ServerConnection},
 * {@code ConnectionContext} (implemented by {@link GuardedConnection}'s context, handing Helidon's
 * {@code Http1Connection} a timed reader and writer) and {@code Http1ConnectionSelector}.
 *
 * <p>It must be the listener's only connection selector (protocol discovery off): with one candidate Helidon hands
 * it the connection as soon as it is accepted, whereas with several it first waits, without any time limit, for the
 * client's first byte to choose between them, so a client that connects and never sends anything would hold a
 * connection slot for good.
 */
public final class GuardedHttp1Selector implements ServerConnectionSelector, AutoCloseable {

    private final ServerConnectionSelector http1;
    private final Duration requestTimeout;
    private final ConnectionWatchdog watchdog;

    /** @param http1Config the HTTP/1.1 options of the listener (Helidon's, used as they are) */
    public GuardedHttp1Selector(Http1Config http1Config, Duration requestTimeout) {
        this.http1 = Http1ConnectionSelector.builder().config(http1Config).build();
        this.requestTimeout = requestTimeout;
        this.watchdog = new ConnectionWatchdog(requestTimeout.compareTo(GuardedConnection.LINGER_PAUSE) < 0
                ? requestTimeout : GuardedConnection.LINGER_PAUSE);
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
        return new GuardedConnection(ctx, new RequestClock(requestTimeout), watchdog, http1::connection);
    }

    @Override
    public void close() {
        watchdog.close();
    }
}
