package dev.autoship.predictor.cache;

import dev.autoship.predictor.config.PredictorSettings.RedisSettings;
import dev.autoship.predictor.model.ModelCodec;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The shared model cache in Redis: model bytes under {@code <prefix>:model:<format version>:<customer>}
 * with a time to live; a short lock per customer while one instance trains
 * ({@code <prefix>:lock:<format version>:<customer>}, its value names the holding instance, extended while
 * it works); and a recency index of used models ({@code <prefix>:recent:<format version>}, a sorted set
 * scored by time of use, trimmed to {@value #RECENT_KEPT} entries) that warm starts read.
 * Every call goes through the {@link RedisConnection}: bounded by the configured timeout, paused after a failure.
 */
public final class RedisSharedModelCache implements SharedModelCache {

    static final int RECENT_KEPT = 10_000;
    /** The recency index is trimmed on about one write in this many. */
    private static final int TRIM_EVERY = 64;

    private final RedisConnection redis;
    private final RedisLocks locks;
    private final String keyPrefix;
    private final AtomicInteger recentWrites = new AtomicInteger();

    public RedisSharedModelCache(RedisSettings settings) {
        this(new RedisConnection(settings));
    }

    /** A cache on a connection other parts share; closing the cache closes the connection. */
    public RedisSharedModelCache(RedisConnection redis) {
        this.redis = redis;
        this.locks = new RedisLocks(redis);
        this.keyPrefix = redis.keyPrefix();
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
        redis.tryAgainNow();
        call("delete the model of " + customerId, jedis -> jedis.del(modelKey(customerId)));
    }

    String recentKey() {
        return keyPrefix + "recent:" + ModelCodec.FORMAT_VERSION;
    }

    @Override
    public Optional<TrainingLock> tryLock(String customerId, Duration ttl) {
        // Redis unreachable: nobody else can coordinate either, train here (UNSHARED)
        return locks.tryLock(lockKey(customerId), "training of " + customerId, ttl);
    }

    @Override
    public boolean isLocked(String customerId) {
        return locks.isLocked(lockKey(customerId), "training of " + customerId);
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

    private <T> Optional<T> call(String what, Function<Jedis, T> command) {
        return redis.call(what, command);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        redis.close();
    }
}
