package dev.autoship.predictor.cache;

import dev.autoship.predictor.config.EnvironmentVariable;
import dev.autoship.predictor.config.PredictorSettings.RedisSettings;
import dev.autoship.predictor.model.ModelCodec;
import dev.autoship.predictor.tls.TrustedCertificates;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The shared model cache in Redis: model bytes under {@code <prefix>:model:<format version>:<customer>}
 * with a time to live, and a short {@code SET NX PX} lock per customer while one instance trains.
 * Every call is bounded by the configured timeout; after a failure Redis is left alone for a short
 * pause (so an outage costs one timeout, not one per request) and then used again by itself.
 */
public final class RedisSharedModelCache implements SharedModelCache {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSharedModelCache.class);
    private static final byte[] RELEASE_IF_OWNER = """
            if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"""
            .getBytes(StandardCharsets.UTF_8);

    private final JedisPool pool;
    private final String keyPrefix;
    private final TrustedCertificates trust;
    private final long pauseAfterFailureNanos;
    private volatile long pausedUntilNanos;
    private volatile boolean failing;

    public RedisSharedModelCache(RedisSettings settings) {
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

    public String modelKey(String customerId) {
        return keyPrefix + "model:" + ModelCodec.FORMAT_VERSION + ":" + customerId;
    }

    String lockKey(String customerId) {
        return keyPrefix + "lock:" + ModelCodec.FORMAT_VERSION + ":" + customerId;
    }

    @Override
    public Optional<byte[]> get(String customerId) {
        return call("read the model of " + customerId,
                jedis -> Optional.ofNullable(jedis.get(bytes(modelKey(customerId)))))
                .flatMap(Function.identity());
    }

    @Override
    public void put(String customerId, byte[] model, Duration ttl) {
        call("store the model of " + customerId,
                jedis -> jedis.set(bytes(modelKey(customerId)), model, SetParams.setParams().px(ttl.toMillis())));
    }

    @Override
    public void delete(String customerId) {
        // a delete is an explicit request: try it even while Redis rests after a failure
        pausedUntilNanos = 0;
        call("delete the model of " + customerId, jedis -> jedis.del(modelKey(customerId)));
    }

    @Override
    public Optional<TrainingLock> tryLock(String customerId, Duration ttl) {
        String key = lockKey(customerId);
        String token = UUID.randomUUID().toString();
        Optional<String> answer = call("lock training of " + customerId,
                jedis -> String.valueOf(jedis.set(key, token, SetParams.setParams().nx().px(ttl.toMillis()))));
        if (answer.isEmpty()) {
            return Optional.of(() -> { });  // Redis unreachable: nobody else can coordinate either, train here
        }
        if (!"OK".equals(answer.get())) {
            return Optional.empty();
        }
        return Optional.of(() -> call("unlock training of " + customerId,
                jedis -> jedis.eval(RELEASE_IF_OWNER, List.of(bytes(key)), List.of(bytes(token)))));
    }

    /** Runs one Redis call; empty when Redis is unreachable, failing or resting after a failure. */
    private <T> Optional<T> call(String what, Function<Jedis, T> command) {
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

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        pool.close();
    }
}
