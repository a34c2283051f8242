package dev.autoship.predictor.cache;

import dev.autoship.testing.RedisProcess;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Watches the commands one Redis node executes (MONITOR) for a command on a key, e.g. an instance asking whether a
 * lock is still held: what a test cannot see from the outside of a predictor that is waiting.
 */
final class CommandWatch implements AutoCloseable {

    private final Jedis connection;
    private final Thread thread;
    private final CountDownLatch monitoring = new CountDownLatch(1);
    private final CountDownLatch seen = new CountDownLatch(1);

    private CommandWatch(RedisProcess node, String command, String key) {
        String wanted = ("\"" + command + "\" \"" + key + "\"").toLowerCase(Locale.ROOT);
        this.connection = node.client();
        this.thread = Thread.ofPlatform().daemon().name("monitor-" + node.port()).start(() -> {
            try {
                connection.monitor(new JedisMonitor() {
                    @Override
                    public void proceed(Connection client) {
                        monitoring.countDown();
                        super.proceed(client);
                    }

                    @Override
                    public void onCommand(String line) {
                        if (line.toLowerCase(Locale.ROOT).contains(wanted)) {
                            seen.countDown();
                        }
                    }
                });
            } catch (JedisException e) {
                // disconnected by close()
            }
        });
    }

    /** Watching once this returns: MONITOR has been acknowledged. */
    static CommandWatch start(RedisProcess node, String command, String key) throws InterruptedException {
        CommandWatch watch = new CommandWatch(node, command, key);
        if (!watch.monitoring.await(10, TimeUnit.SECONDS)) {
            watch.close();
            throw new IllegalStateException("MONITOR on " + node.address() + " did not start");
        }
        return watch;
    }

    boolean seen() {
        return seen.getCount() == 0;
    }

    @Override
    public void close() throws InterruptedException {
        // MONITOR reads without a timeout: closing the socket is what ends them
        connection.disconnect();
        thread.join(Duration.ofSeconds(10));
    }
}
