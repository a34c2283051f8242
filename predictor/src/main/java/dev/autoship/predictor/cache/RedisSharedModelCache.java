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
 * with a time to live; a short lock per customer while one instance trains
 * ({@code <prefix>:lock:<format version>:<customer>}, its value names the holding instance, extended while
 * it works); and a recency index of used models ({@code <prefix>:recent:<format version>}, a sorted set
 * scored by time of use, trimmed to {@value #RECENT_KEPT} entries) that warm starts read.
 * Every call is bounded by the configured timeout; after a failure Redis is left alone for a short
 * pause (so an outage costs one timeout, not one per request) and then used again by itself.
 */
public final class RedisSharedModelCache implements SharedModelCache {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSharedModelCache.class);
    private static final byte[] RELEASE_IF_OWNER = """
            if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"""
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] EXTEND_IF_OWNER = """
            if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end"""
            .getBytes(StandardCharsets.UTF_8);
    /** Takes a free lock, or one this instance left behind (its value starts with the instance's id). */
    private static final byte[] LOCK_UNLESS_OTHERS = """
            local held = redis.call('get', KEYS[1])
            if held and string.sub(held, 1, string.len(ARGV[2])) ~= ARGV[2] then return 0 end
            redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[3])
            return 1"""
            .getBytes(StandardCharsets.UTF_8);
    static final int RECENT_KEPT = 10_000;
    /** The recency index is trimmed on about one write in this many. */
    private static final int TRIM_EVERY = 64;

    private final JedisPool pool;
    private final String keyPrefix;
    private final String instance = UUID.randomUUID() + ":";
    private final java.util.concurrent.atomic.AtomicInteger recentWrites = new java.util.concurrent.atomic.AtomicInteger();
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

    String recentKey() {
        return keyPrefix + "recent:" + ModelCodec.FORMAT_VERSION;
    }

    @Override
    public Optional<TrainingLock> tryLock(String customerId, Duration ttl) {
        byte[] key = bytes(lockKey(customerId));
        byte[] token = bytes(instance + UUID.randomUUID());
        Optional<Object> answer = call("lock training of " + customerId, jedis -> jedis.eval(LOCK_UNLESS_OTHERS,
                List.of(key), List.of(token, bytes(instance), bytes(Long.toString(ttl.toMillis())))));
        if (answer.isEmpty()) {
            return Optional.of(TrainingLock.UNSHARED);  // Redis unreachable: nobody else can coordinate either, train here
        }
        if (!Long.valueOf(1).equals(answer.get())) {
            return Optional.empty();
        }
        return Optional.of(new TrainingLock() {
            @Override
            public boolean extend(Duration longer) {
                return call("extend the training lock of " + customerId, jedis -> jedis.eval(EXTEND_IF_OWNER,
                        List.of(key), List.of(token, bytes(Long.toString(longer.toMillis()))))).map(Long.valueOf(1)::equals)
                        .orElse(true);  // unreachable: nobody else can take it either
            }

            @Override
            public void release() {
                call("unlock training of " + customerId, jedis -> jedis.eval(RELEASE_IF_OWNER, List.of(key), List.of(token)));
            }
        });
    }

    @Override
    public boolean isLocked(String customerId) {
        return call("look at the training lock of " + customerId, jedis -> jedis.exists(lockKey(customerId)))
                .orElse(false);
    }

    @Override
    public void markUsed(String customerId) {
        boolean trim = recentWrites.incrementAndGet() % TRIM_EVERY == 0;
        call("note the use of " + customerId, jedis -> {
            jedis.zadd(recentKey(), System.currentTimeMillis(), customerId);
            if (trim) {
                jedis.zremrangeByRank(recentKey(), 0, -RECENT_KEPT - 1);
            }
            return Boolean.TRUE;
        });
    }

    @Override
    public List<String> recentlyUsed(int max) {
        if (max <= 0) {
            return List.of();
        }
        return call("read the recently used models", jedis -> List.copyOf(jedis.zrevrange(recentKey(), 0, max - 1)))
                .orElse(List.of());
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
