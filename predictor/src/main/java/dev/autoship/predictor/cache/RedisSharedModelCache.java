package dev.autoship.predictor.cache;

import dev.autoship.predictor.config.PredictorSettings.RedisSettings;
import dev.autoship.predictor.model.ModelCodec;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.Tuple;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The shared model cache in Redis. Keys of one customer share a hash tag, {@code {<customer>}}, so that they
 * live in one slot of a Redis Cluster:
 * <ul>
 * <li>{@code <prefix>:{<customer>}:model:<format version>}: the model bytes, with a time to live;</li>
 * <li>{@code <prefix>:{<customer>}:lock}: a short lock while one instance trains the customer (its value names
 * the holding instance; extended while it works);</li>
 * <li>{@code <prefix>:recent:<format version>:<shard>}: the recency index warm starts read, sorted sets scored by
 * time of use, {@value #RECENT_SHARDS} of them (a customer's shard follows from its id) so that no single key
 * takes every prediction's write, each trimmed to its share of {@value #RECENT_KEPT} entries;</li>
 * <li>{@code <prefix>:deleted}: deletions of the last day (a sorted set scored by time), and the channel of the
 * same name that announces each, so every instance drops a deleted model from its memory, also one that missed
 * the announcement while it could not listen.</li>
 * </ul>
 * Every key a command names lies in one slot, so each command works in a Redis Cluster too (the recency shards
 * spread over the masters). Calls go through {@link RedisCalls}: bounded by the configured timeout, and after a
 * failure Redis is left alone for a short pause and then used again by itself.
 */
public final class RedisSharedModelCache implements SharedModelCache {

    static final int RECENT_KEPT = 10_000;
    static final int RECENT_SHARDS = 16;
    /** Deletions are kept this long for instances that could not listen: a model is never used longer. */
    static final Duration DELETIONS_KEPT = Duration.ofHours(24);
    /** The recency index is trimmed on about one write in this many. */
    private static final int TRIM_EVERY = 64;

    private final RedisCalls redis;
    private final List<DeletionListener> deletionListeners = new CopyOnWriteArrayList<>();
    private final String keyPrefix;
    private final RedisLocks locks;
    private final AtomicInteger recentWrites = new AtomicInteger();

    public RedisSharedModelCache(RedisSettings settings) {
        this(new RedisCalls(settings), settings.keyPrefix());
    }

    public RedisSharedModelCache(RedisCalls redis, String keyPrefix) {
        this.redis = redis;
        this.locks = new RedisLocks(redis);
        this.keyPrefix = keyPrefix + ":";
    }

    /** The customer's keys all start so: one hash tag, one slot. */
    private String customerKeys(String customerId) {
        return keyPrefix + "{" + customerId + "}:";
    }

    public String modelKey(String customerId) {
        return customerKeys(customerId) + "model:" + ModelCodec.FORMAT_VERSION;
    }

    String lockKey(String customerId) {
        return customerKeys(customerId) + "lock";
    }

    String deletedKey() {
        return keyPrefix + "deleted";
    }

    @Override
    public Optional<byte[]> get(String customerId) {
        return redis.call("read the model of " + customerId,
                jedis -> Optional.ofNullable(jedis.get(bytes(modelKey(customerId)))))
                .flatMap(Function.identity());
    }

    @Override
    public void put(String customerId, byte[] model, Duration ttl) {
        redis.call("store the model of " + customerId,
                jedis -> jedis.set(bytes(modelKey(customerId)), model, SetParams.setParams().px(ttl.toMillis())));
    }

    @Override
    public void delete(String customerId) {
        long now = System.currentTimeMillis();
        // a delete is an explicit request: try it even while Redis rests after a failure
        redis.callNow("delete the model of " + customerId, jedis -> {
            jedis.del(modelKey(customerId));
            jedis.zadd(deletedKey(), now, customerId);
            jedis.zremrangeByScore(deletedKey(), Double.NEGATIVE_INFINITY, now - DELETIONS_KEPT.toMillis());
            return jedis.publish(deletedKey(), customerId);
        });
    }

    @Override
    public void onDeleted(Consumer<String> listener) {
        DeletionListener started = new DeletionListener(redis, deletedKey(), this::deletedSince, listener);
        deletionListeners.add(started);
        started.start();
    }

    String recentKey(String customerId) {
        return recentKey(Math.floorMod(customerId.hashCode(), RECENT_SHARDS));
    }

    String recentKey(int shard) {
        return keyPrefix + "recent:" + ModelCodec.FORMAT_VERSION + ":" + shard;
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
        String key = recentKey(customerId);
        redis.call("note the use of " + customerId, jedis -> {
            jedis.zadd(key, System.currentTimeMillis(), customerId);
            if (trim) {
                jedis.zremrangeByRank(key, 0, -RECENT_KEPT / RECENT_SHARDS - 1);
            }
            return Boolean.TRUE;
        });
    }

    @Override
    public List<String> recentlyUsed(int max) {
        if (max <= 0) {
            return List.of();
        }
        return redis.call("read the recently used models", jedis -> {
            List<Tuple> used = new ArrayList<>();
            for (int shard = 0; shard < RECENT_SHARDS; shard++) {
                used.addAll(jedis.zrevrangeWithScores(recentKey(shard), 0, max - 1));
            }
            return used.stream()
                    .sorted(Comparator.comparingDouble(Tuple::getScore).reversed())
                    .limit(max)
                    .map(Tuple::getElement)
                    .toList();
        }).orElse(List.of());
    }

    /** Customers deleted since then, oldest first; empty when Redis could not say. */
    private Optional<List<String>> deletedSince(long epochMillis) {
        return redis.callNow("read the model deletions made while not listening",
                jedis -> jedis.zrangeByScore(deletedKey(), epochMillis, Double.POSITIVE_INFINITY));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        deletionListeners.forEach(DeletionListener::close);
        redis.close();
    }
}
