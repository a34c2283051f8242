package dev.autoship.predictor.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Looks at every open connection a few times per timeout and ends those waiting too long for bytes. One sweep
 * thread for all connections keeps the cost per request at two field writes (no timer per read).
 */
final class ConnectionWatchdog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionWatchdog.class);

    private final Set<GuardedConnection> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sweeper;

    ConnectionWatchdog(Duration shortestTimeout) {
        long period = Math.clamp(shortestTimeout.toMillis() / 4, 20, 1000);
        sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("connection-watchdog").factory());
        sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    void watch(GuardedConnection connection) {
        connections.add(connection);
    }

    void forget(GuardedConnection connection) {
        connections.remove(connection);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (GuardedConnection connection : connections) {
            if (connection.expired(now)) {
                connections.remove(connection);
                try {
                    connection.abort();
                } catch (RuntimeException e) {
                    // a failure to close one socket must not end the sweeps (a scheduled task that throws is never
                    // run again): the connection is broken either way
                    LOG.debug("Closing an expired connection failed", e);
                }
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
