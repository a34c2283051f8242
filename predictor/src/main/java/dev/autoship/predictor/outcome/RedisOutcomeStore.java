package dev.autoship.predictor.outcome;

import dev.autoship.predictor.cache.RedisCalls;
import dev.autoship.predictor.cache.RedisLocks;
import dev.autoship.predictor.cache.SharedModelCache.TrainingLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Outcome states in Redis, shared by the cluster's instances: a hash {@code <prefix>:{<customer>}:outcomes} with
 * the state's JSON and its version, replaced only by a writer that read that version (a Lua compare-and-set), and
 * expiring {@link #KEPT} after its last write; one instance joins a customer's outcomes at a time under
 * {@code <prefix>:{<customer>}:outcome-lock} (the training locks' pattern).
 */
public final class RedisOutcomeStore implements OutcomeStore {

    /** A state outlives the rolling window by a day, then goes (a customer no longer predicted). */
    static final Duration KEPT = OutcomeState.WINDOW.plusDays(1);
    private static final Logger LOG = LoggerFactory.getLogger(RedisOutcomeStore.class);
    private static final String REPLACE_IF_VERSION = """
            local version = redis.call('hget', KEYS[1], 'version') or '0'
            if version ~= ARGV[1] then return 0 end
            redis.call('hset', KEYS[1], 'version', ARGV[2], 'state', ARGV[3])
            redis.call('pexpire', KEYS[1], ARGV[4])
            return 1""";

    private final RedisCalls redis;
    private final RedisLocks locks;
    private final String keyPrefix;
    private final OutcomeStateJson json = new OutcomeStateJson();

    /** @param keyPrefix {@code AUTOSHIP_REDIS_KEY_PREFIX} */
    public RedisOutcomeStore(RedisCalls redis, String keyPrefix) {
        this.redis = redis;
        this.locks = new RedisLocks(redis);
        this.keyPrefix = keyPrefix + ":";
    }

    /** Beside the customer's model keys, in their hash tag (one slot of a Redis Cluster). */
    String stateKey(String customerId) {
        return keyPrefix + "{" + customerId + "}:outcomes";
    }

    String lockKey(String customerId) {
        return keyPrefix + "{" + customerId + "}:outcome-lock";
    }

    @Override
    public Optional<Versioned> read(String customerId) {
        return redis.call("read the outcomes of " + customerId, jedis -> jedis.hgetAll(stateKey(customerId)))
                .map(hash -> versioned(customerId, hash));
    }

    private Versioned versioned(String customerId, Map<String, String> hash) {
        if (hash.isEmpty()) {
            return new Versioned(0, OutcomeState.EMPTY);
        }
        long version;
        try {
            version = Long.parseLong(hash.getOrDefault("version", ""));
        } catch (NumberFormatException e) {
            version = -1;
        }
        Optional<OutcomeState> state = version < 0 ? Optional.empty() : json.read(hash.getOrDefault("state", ""));
        if (state.isEmpty()) {
            // replaced by the next write (it compares this version); until then the customer counts from scratch
            LOG.warn("Ignoring unreadable outcome state under {}", stateKey(customerId));
            return new Versioned(Math.max(version, 0), OutcomeState.EMPTY);
        }
        return new Versioned(version, state.get());
    }

    @Override
    public boolean replace(String customerId, long version, OutcomeState next) {
        return redis.call("store the outcomes of " + customerId, jedis -> jedis.eval(REPLACE_IF_VERSION,
                        List.of(stateKey(customerId)), List.of(Long.toString(version), Long.toString(version + 1),
                                json.write(next), Long.toString(KEPT.toMillis()))))
                .map(Long.valueOf(1)::equals)
                .orElse(false);
    }

    @Override
    public Optional<TrainingLock> tryLock(String customerId, Duration ttl) {
        return locks.tryLock(lockKey(customerId), "outcomes of " + customerId, ttl);
    }

}
