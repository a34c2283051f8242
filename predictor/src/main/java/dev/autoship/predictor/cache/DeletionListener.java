package dev.autoship.predictor.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Listens on Redis for model deletions made by any instance, and hands each deleted customer to a listener.
 * It listens where {@link RedisCalls#listenAt} says: the server, the master the sentinels name now, or a
 * cluster node. The subscription is pinged every {@link #PING_EVERY} and its reads wait at most
 * {@link #SILENCE_ENDS_AFTER}, so a Redis that stops answering (hung, stopped, cut off) ends it; it also ends
 * as soon as the sentinels name another master. It is then opened again, with a growing pause, for as long as
 * the cache is open. Each time the subscription starts, the deletions recorded since shortly before the last
 * sign of life are delivered too: those announced while this instance could not listen.
 */
final class DeletionListener {

    static final Duration PING_EVERY = Duration.ofSeconds(5);
    static final Duration SILENCE_ENDS_AFTER = PING_EVERY.multipliedBy(3);
    private static final Logger LOG = LoggerFactory.getLogger(DeletionListener.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(2);

    private final RedisCalls redis;
    private final String key;
    private final LongFunction<Optional<List<String>>> deletedSince;
    private final Consumer<String> listener;
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("redis-deletions-ping").factory());
    private final Thread thread;
    private volatile boolean open = true;
    private volatile Subscription current;
    /** Epoch millis of the last sign of life of the subscription: deletions before it were seen. */
    private volatile long aliveAt = System.currentTimeMillis();

    /**
     * @param key          the sorted set of recent deletions, and the channel that announces them
     * @param deletedSince customers deleted since an epoch milli, empty when Redis could not say
     */
    DeletionListener(RedisCalls redis, String key, LongFunction<Optional<List<String>>> deletedSince,
                     Consumer<String> listener) {
        this.redis = redis;
        this.key = key;
        this.deletedSince = deletedSince;
        this.listener = listener;
        this.thread = Thread.ofPlatform().daemon().name("redis-deletions").unstarted(this::listen);
    }

    void start() {
        thread.start();
        pinger.scheduleAtFixedRate(this::checkSubscription, PING_EVERY.toMillis(), PING_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void checkSubscription() {
        Subscription subscription = current;
        if (subscription == null || !subscription.isSubscribed()) {
            return;
        }
        try {
            if (!redis.listenAt(Optional.of(subscription.at)).equals(subscription.at)) {
                // failed over: the old master may hang, so its reads are not waited for
                subscription.connection.disconnect();
                return;
            }
            subscription.ping();
        } catch (JedisException | IllegalStateException e) {
            // the listening thread sees the broken connection and opens a new one
        }
    }

    private void listen() {
        Duration pause = Duration.ofMillis(250);
        boolean failing = false;
        while (open) {
            boolean caughtUp;
            try {
                HostAndPort at = redis.listenAt(Optional.empty());
                try (Jedis connection = redis.subscriber(at, SILENCE_ENDS_AFTER)) {
                    Subscription subscription = new Subscription(at, connection);
                    current = subscription;
                    connection.subscribe(subscription, key);
                    caughtUp = subscription.caughtUp;
                }
            } catch (JedisException e) {
                if (!open) {
                    return;
                }
                if (!failing) {
                    failing = true;
                    LOG.warn("Listening for model deletions on Redis failed ({}); trying again, deletions made "
                            + "meanwhile are applied once it listens again", e.getMessage());
                }
                caughtUp = false;
            }
            if (caughtUp) {
                pause = Duration.ofMillis(250);
                failing = false;
            } else if (open) {
                sleep(pause);
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) < 0 ? pause.multipliedBy(2) : MAX_PAUSE;
            }
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
        if (subscription != null) {
            try {
                subscription.connection.disconnect();
            } catch (JedisException | IllegalStateException e) {
                // closing anyway
            }
        }
        thread.interrupt();
    }

    private final class Subscription extends JedisPubSub {

        private final HostAndPort at;
        private final Jedis connection;
        private volatile boolean caughtUp;

        Subscription(HostAndPort at, Jedis connection) {
            this.at = at;
            this.connection = connection;
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            // what was announced while not listening: a margin of two pings before the last sign of life
            long since = aliveAt - 2 * PING_EVERY.toMillis();
            long now = System.currentTimeMillis();
            Optional<List<String>> missed = deletedSince.apply(since);
            if (missed.isEmpty()) {
                // listening without having caught up would lose those deletions: start over later
                LOG.warn("Could not read the model deletions made while not listening; listening again later");
                unsubscribe();
                return;
            }
            aliveAt = now;
            caughtUp = true;
            missed.get().forEach(listener);
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
