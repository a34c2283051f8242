package dev.autoship.predictor.cache;

import dev.autoship.predictor.config.EnvironmentVariable;
import dev.autoship.predictor.config.PredictorSettings.RedisSettings;
import dev.autoship.predictor.tls.TrustedCertificates;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Redis server every instance shares (models, locks, outcome state): one bounded pool, every call bounded by
 * the configured timeout, and after a failure Redis is left alone for a short pause (so an outage costs one
 * timeout, not one per request) and then used again by itself.
 */
public final class RedisConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);

    private final JedisPool pool;
    private final String keyPrefix;
    private final TrustedCertificates trust;
    private final long pauseAfterFailureNanos;
    private volatile long pausedUntilNanos;
    private volatile boolean failing;

    public RedisConnection(RedisSettings settings) {
        int timeoutMillis = (int) Math.max(1, settings.timeout().toMillis());
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .database(settings.database());
        if ("rediss".equalsIgnoreCase(settings.url().getScheme())) {
            client.ssl(true)
                    .sslSocketFactory(settings.trust().sslContext().getSocketFactory())
                    .sslParameters(TrustedCertificates.verifyingHostname());
        }
        settings.username().ifPresent(client::user);
        settings.password().ifPresent(client::password);
        GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(32);
        poolConfig.setMaxIdle(8);
        poolConfig.setMaxWait(settings.timeout());
        poolConfig.setJmxEnabled(false);
        int port = settings.url().getPort() > 0 ? settings.url().getPort() : 6379;
        this.pool = new JedisPool(poolConfig, new HostAndPort(settings.url().getHost(), port), client.build());
        this.keyPrefix = settings.keyPrefix() + ":";
        this.trust = settings.trust();
        this.pauseAfterFailureNanos = Math.max(Duration.ofSeconds(1).toNanos(), settings.timeout().toNanos() * 4);
    }

    /** {@code <AUTOSHIP_REDIS_KEY_PREFIX>:}, the start of every key of this predictor cluster. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** Runs one Redis call; empty when Redis is unreachable, failing or resting after a failure. */
    public <T> Optional<T> call(String what, Function<Jedis, T> command) {
        if (System.nanoTime() < pausedUntilNanos) {
            return Optional.empty();
        }
        try (Jedis jedis = pool.getResource()) {
            T result = command.apply(jedis);
            if (failing) {
                failing = false;
                LOG.info("Redis answers again; sharing models resumes");
            }
            return Optional.of(result);
        } catch (JedisException e) {
            pausedUntilNanos = System.nanoTime() + pauseAfterFailureNanos;
            if (!failing) {
                failing = true;
                LOG.warn("Redis failed to {} ({}); serving from process memory and retrying Redis in {} ms",
                        what, trust.handshakeHint(e, EnvironmentVariable.AUTOSHIP_TRUSTED_CA_FILE.name())
                                .orElse(e.getMessage()), pauseAfterFailureNanos / 1_000_000);
            }
            return Optional.empty();
        }
    }

    /** Ends the pause after a failure: the next call tries Redis (for explicit requests such as a delete). */
    public void tryAgainNow() {
        pausedUntilNanos = 0;
    }

    @Override
    public void close() {
        pool.close();
    }
}
