package dev.autoship.predictor.cache;

import dev.autoship.predictor.cache.SharedModelCache.TrainingLock;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Short locks in Redis that one instance holds while it works for a customer (training its model, joining its
 * outcomes): the value names the holding instance, so an instance takes over a lock it left behind itself; only
 * the holder extends or releases it. One key per lock, so each works in a Redis Cluster too.
 */
public final class RedisLocks {

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

    private final RedisCalls redis;
    private final String instance = UUID.randomUUID() + ":";

    public RedisLocks(RedisCalls redis) {
        this.redis = redis;
    }

    /**
     * The lock under {@code key} for {@code ttl} (extended while its holder works); {@link TrainingLock#UNSHARED}
     * when Redis is unreachable (nobody else can coordinate either), empty when another instance holds it.
     *
     * @param what what the lock is for, in words for the log ({@code "training of c-1"})
     */
    public Optional<TrainingLock> tryLock(String key, String what, Duration ttl) {
        byte[] keyBytes = bytes(key);
        byte[] token = bytes(instance + UUID.randomUUID());
        Optional<Object> answer = redis.call("lock " + what, jedis -> jedis.eval(LOCK_UNLESS_OTHERS,
                List.of(keyBytes), List.of(token, bytes(instance), bytes(Long.toString(ttl.toMillis())))));
        if (answer.isEmpty()) {
            return Optional.of(TrainingLock.UNSHARED);
        }
        if (!Long.valueOf(1).equals(answer.get())) {
            return Optional.empty();
        }
        return Optional.of(new TrainingLock() {
            @Override
            public boolean extend(Duration longer) {
                return redis.call("extend the lock of " + what, jedis -> jedis.eval(EXTEND_IF_OWNER,
                        List.of(keyBytes), List.of(token, bytes(Long.toString(longer.toMillis()))))).map(Long.valueOf(1)::equals)
                        .orElse(true);  // unreachable: nobody else can take it either
            }

            @Override
            public void release() {
                redis.call("unlock " + what, jedis -> jedis.eval(RELEASE_IF_OWNER, List.of(keyBytes), List.of(token)));
            }
        });
    }

    /** Whether some instance holds the lock under {@code key} now; false when Redis cannot tell. */
    public boolean isLocked(String key, String what) {
        return redis.call("look at the lock of " + what, jedis -> jedis.exists(key)).orElse(false);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
