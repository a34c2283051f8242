package dev.autoship.predictor.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Looks at every open connection a few times per timeout and ends those waiting too long for bytes. One sweep
 * thread for all connections keeps the cost per request at two field writes (no timer per read).
 */
final class ConnectionWatchdog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionWatchdog.class);

    private final ConnectionBudget connections;
    private final Consumer<CloseReason> closed;
    private final ScheduledExecutorService sweeper;

    /** @param closed told of every connection closed at the request timeout */
    ConnectionWatchdog(ConnectionBudget connections, Duration shortestTimeout, Consumer<CloseReason> closed) {
        this.connections = connections;
        this.closed = closed;
        long period = Math.clamp(shortestTimeout.toMillis() / 4, 20, 1000);
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("connection-watchdog").factory());
        sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (ConnectionBudget.Member connection : connections.open()) {
            RequestClock clock = connection.clock();
            if (clock.expired(now) && connections.release(connection)) {
                try {
                    connection.abort();
                } catch (RuntimeException e) {
                    // a failure to close one socket must not end the sweeps (a scheduled task that throws is never
                    // run again): the connection is broken either way
                    LOG.debug("Closing an expired connection failed", e);
                }
                if (!clock.lingering()) {
                    closed.accept(CloseReason.REQUEST_TIMEOUT);
                }
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
