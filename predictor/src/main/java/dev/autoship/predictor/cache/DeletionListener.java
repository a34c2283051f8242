package dev.autoship.predictor.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Listens on Redis for model deletions made by any instance, and hands each deleted customer to a listener.
 * The subscription is pinged every {@link #PING_EVERY}, so a Redis that stops answering (hung, or failed over)
 * ends it within the connection's read timeout; it is then opened again, with a growing pause, for as long as
 * the cache is open. Each time the subscription starts, the deletions recorded since shortly before the last
 * sign of life are delivered too: those announced while this instance could not listen.
 */
final class DeletionListener {

    static final Duration PING_EVERY = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(DeletionListener.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(10);

    private final JedisClientConfig config;
    private final HostAndPort endpoint;
    private final String key;
    private final Consumer<String> listener;
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("redis-deletions-ping").factory());
    private final Thread thread;
    private volatile boolean open = true;
    private volatile Subscription current;
    /** Epoch millis of the last sign of life of the subscription: deletions before it were seen. */
    private volatile long aliveAt = System.currentTimeMillis();

    /** @param key the sorted set of recent deletions, and the channel that announces them */
    DeletionListener(JedisClientConfig config, HostAndPort endpoint, String key, Consumer<String> listener) {
        this.config = config;
        this.endpoint = endpoint;
        this.key = key;
        this.listener = listener;
        this.thread = Thread.ofPlatform().daemon().name("redis-deletions").unstarted(this::listen);
    }

    void start() {
        thread.start();
        pinger.scheduleAtFixedRate(() -> {
            Subscription subscription = current;
            if (subscription != null && subscription.isSubscribed()) {
                try {
                    subscription.ping();
                } catch (JedisException | IllegalStateException e) {
                    // the listening thread sees the broken connection and opens a new one
                }
            }
        }, PING_EVERY.toMillis(), PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void listen() {
        Duration pause = Duration.ofMillis(250);
        boolean failing = false;
        while (open) {
            try (Jedis jedis = new Jedis(endpoint, config)) {
                Subscription subscription = new Subscription();
                current = subscription;
                jedis.subscribe(subscription, key);
            } catch (JedisException e) {
                if (!open) {
                    return;
                }
                if (!failing) {
                    failing = true;
                    LOG.warn("Listening for model deletions on Redis failed ({}); trying again, deletions made "
                            + "meanwhile are applied once it listens again", e.getMessage());
                }
                sleep(pause);
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) < 0 ? pause.multipliedBy(2) : MAX_PAUSE;
                continue;
            }
            pause = Duration.ofMillis(250);
            failing = false;
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void close() {
        open = false;
        pinger.shutdownNow();
        Subscription subscription = current;
        if (subscription != null && subscription.isSubscribed()) {
            try {
                subscription.unsubscribe();
            } catch (JedisException | IllegalStateException e) {
                // closing anyway
            }
        }
        thread.interrupt();
    }

    private final class Subscription extends JedisPubSub {

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            // what was announced while not listening: a margin of two pings before the last sign of life
            long since = aliveAt - 2 * PING_EVERY.toMillis();
            aliveAt = System.currentTimeMillis();
            try (Jedis reader = new Jedis(endpoint, config)) {
                List<String> missed = reader.zrangeByScore(key, since, Double.POSITIVE_INFINITY);
                missed.forEach(listener);
            } catch (JedisException e) {
                LOG.warn("Could not read the model deletions made while not listening ({})", e.getMessage());
            }
        }

        @Override
        public void onMessage(String channel, String customerId) {
            aliveAt = System.currentTimeMillis();
            listener.accept(customerId);
        }

        @Override
        public void onPong(String pattern) {
            aliveAt = System.currentTimeMillis();
        }
    }
}
