package dev.autoship.predictor.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Serves every connection on the port with Helidon's own HTTP/1.1 connection, guarded: the first request must arrive
 * within the request timeout of the connection's acceptance, every later one within the request timeout of its first
 * byte, and HTTP/1.0 requests are answered (Helidon 4.5 alone refuses them with 505); at most a budget of connections
 * is served at once ({@link ConnectionBudget}). Idle kept-alive connections and the payload size are left to Helidon's
 * own listener options.
 *
 * <p>This package is the one seam between the predictor and Helidon's connection internals, and stays only as long
 * as Helidon needs it ({@code HelidonUpstreamCanaryTest} fails once an upgrade makes a part unnecessary):
 * <ul>
 * <li>helidon#12324 (fixed upstream after 4.5.3, the newest release served here is 4.5.0): after an answer that
 * says {@code Connection: close} Helidon keeps reading the connection ({@link ConnectionCloseEnforcer});</li>
 * <li>no whole-request deadline: Helidon 4.5 bounds each read only by its socket's read timeout, so a client
 * trickling bytes holds a connection for ever ({@link RequestClock}, {@link ConnectionWatchdog});</li>
 * <li>HTTP/1.0 refused ({@link Http10Request});</li>
 * <li>a full listener stops accepting: Helidon 4.5's {@code ServerListener} takes a permit of
 * {@code maxTcpConnections} before each {@code accept()}, so connections beyond it wait in the kernel's accept queue,
 * unserved and untimed, behind whatever holds the permits (a flood of silent connections keeps health checks and
 * real clients out for a whole request timeout, and the last of the flood is closed only two timeouts later). The
 * listener's own limit is therefore set a little above the budget ({@link #acceptLimit()}, so that open sockets stay
 * bounded), and the budget is kept here, at once, by closing connections ({@link ConnectionBudget}).</li>
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
    private final int maxConnections;
    private final ConnectionBudget budget;
    private final ConnectionWatchdog watchdog;

    /**
     * @param http1Config    the HTTP/1.1 options of the listener (Helidon's, used as they are)
     * @param maxConnections the connections served at once
     * @param closed         told of every connection these guards close, and why
     */
    public GuardedHttp1Selector(Http1Config http1Config, Duration requestTimeout, int maxConnections,
                                Consumer<CloseReason> closed) {
        this.http1 = Http1ConnectionSelector.builder().config(http1Config).build();
        this.requestTimeout = requestTimeout;
        this.maxConnections = maxConnections;
        this.budget = new ConnectionBudget(maxConnections, closed);
        this.watchdog = new ConnectionWatchdog(budget, requestTimeout.compareTo(GuardedConnection.LINGER_PAUSE) < 0
                ? requestTimeout : GuardedConnection.LINGER_PAUSE, closed);
    }

    /**
     * The listener's {@code maxTcpConnections}: above the budget by the connections that may be between Helidon's
     * {@code accept()} and the end of their thread while the budget closes them (a shed or refused connection holds
     * Helidon's permit until its thread ends); the listener waits only if far more than that pile up at once.
     */
    public int acceptLimit() {
        return maxConnections + Math.max(8, maxConnections / 8);
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
        return new GuardedConnection(ctx, new RequestClock(requestTimeout), budget, http1::connection);
    }

    @Override
    public void close() {
        watchdog.close();
    }
}
