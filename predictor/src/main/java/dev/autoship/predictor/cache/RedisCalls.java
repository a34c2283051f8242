package dev.autoship.predictor.cache;

import dev.autoship.predictor.config.EnvironmentVariable;
import dev.autoship.predictor.config.PredictorSettings.RedisSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Calls Redis for a feature that can do without it: each call is bounded by the configured timeout and gives
 * nothing instead of failing; after a failure Redis is left alone for a short pause (so an outage costs one
 * timeout, not one per request) and then used again by itself. The client is made on first use, and made again
 * later if the sentinels or cluster nodes did not answer then, so a predictor starts while Redis is down.
 * <p>
 * Jedis bounds each socket read and connect by the timeout, but not a whole call: a wait for a pooled connection
 * followed by a new connection's handshake, several commands in one call, a cluster redirection and the slot map
 * renewal after it, or the first connection trying hung seeds one after another each add up to more. A call
 * therefore runs on its own virtual thread and is waited for at most the timeout; one not done by then gives
 * nothing and is left to end by itself (each of its socket waits is bounded), and if it then fails, Redis rests.
 */
public final class RedisCalls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisCalls.class);

    private final RedisClients clients;
    private final long pauseAfterFailureNanos;
    private final ReentrantLock connecting = new ReentrantLock();
    private final ExecutorService calls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("redis-call-", 0).factory());
    private volatile UnifiedJedis client;
    private volatile boolean closed;
    private volatile long pausedUntilNanos;
    private volatile boolean failing;

    public RedisCalls(RedisSettings settings) {
        this(new RedisClients(settings));
    }

    public RedisCalls(RedisClients clients) {
        this.clients = clients;
        this.pauseAfterFailureNanos = Math.max(Duration.ofSeconds(1).toNanos(), clients.settings().timeout().toNanos() * 4);
    }

    /** Runs one call; empty when Redis is unreachable, failing or resting after a failure. */
    public <T> Optional<T> call(String what, Function<UnifiedJedis, T> command) {
        if (System.nanoTime() < pausedUntilNanos) {
            return Optional.empty();
        }
        return callNow(what, command);
    }

    /** Runs one call even while Redis rests after a failure: for an explicit request that should be tried. */
    public <T> Optional<T> callNow(String what, Function<UnifiedJedis, T> command) {
        Future<T> running;
        try {
            running = calls.submit(() -> {
                try {
                    T result = command.apply(client());
                    answered();
                    return result;
                } catch (JedisException e) {
                    failed(what, clients.settings().trust().handshakeHint(e, EnvironmentVariable.AUTOSHIP_TRUSTED_CA_FILE.name())
                            .orElse(String.valueOf(e.getMessage())));
                    throw e;
                }
            });
        } catch (RejectedExecutionException e) {
            return Optional.empty();  // closed
        }
        try {
            return Optional.of(running.get(clients.settings().timeout().toNanos(), TimeUnit.NANOSECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JedisException) {
                return Optional.empty();
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            // The caller stops waiting; the call goes on and, if Redis is at fault, fails within Jedis's own
            // bounds, which makes Redis rest from then on. Resting from here would also take a process that was
            // merely not scheduled in time (a busy or throttled CPU) for a failing Redis.
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private void answered() {
        if (failing) {
            failing = false;
            LOG.info("Redis answers again; sharing models resumes");
        }
    }

    private void failed(String what, String why) {
        pausedUntilNanos = System.nanoTime() + pauseAfterFailureNanos;
        UnifiedJedis made = client;
        if (made != null) {
            try {
                clients.renewAfterFailure(made, calls);
            } catch (RejectedExecutionException e) {
                // closed
            }
        }
        if (!failing) {
            failing = true;
            LOG.warn("Redis failed to {} ({}); serving from process memory and retrying Redis in {} ms",
                    what, why, pauseAfterFailureNanos / 1_000_000);
        }
    }

    /** Where a subscription listens now, {@code current} while it still may (see {@link RedisClients#listenAt}). */
    HostAndPort listenAt(Optional<HostAndPort> current) {
        return clients.listenAt(client(), current);
    }

    Jedis subscriber(HostAndPort at, Duration blockingReads) {
        return clients.subscriber(at, blockingReads);
    }

    private UnifiedJedis client() {
        UnifiedJedis made = client;
        if (made != null) {
            return made;
        }
        // one thread asks the sentinels or seeds; the others wait for it at most one timeout
        try {
            if (!connecting.tryLock(clients.settings().timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                throw new JedisConnectionException("still connecting to Redis");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JedisConnectionException("interrupted while connecting to Redis", e);
        }
        try {
            if (closed) {
                throw new JedisConnectionException("closed");
            }
            if (client == null) {
                client = clients.connect();
            }
            return client;
        } finally {
            connecting.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        calls.shutdownNow();
        connecting.lock();
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            connecting.unlock();
        }
    }
}
