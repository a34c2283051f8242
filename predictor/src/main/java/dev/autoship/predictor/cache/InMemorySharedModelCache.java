package dev.autoship.predictor.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A shared model cache inside one process, for several {@link ModelCache}s in the same JVM (tests and
 * single-process setups): same semantics as the Redis one, bytes with a time to live and expiring locks.
 */
public final class InMemorySharedModelCache implements SharedModelCache {

    private record Stored(byte[] bytes, Instant expiresAt) {
    }

    private final Clock clock;
    private final ConcurrentMap<String, Stored> models = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Instant> locks = new ConcurrentHashMap<>();

    public InMemorySharedModelCache(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Optional<byte[]> get(String customerId) {
        Stored stored = models.get(customerId);
        if (stored == null || !clock.instant().isBefore(stored.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(stored.bytes().clone());
    }

    @Override
    public void put(String customerId, byte[] model, Duration ttl) {
        models.put(customerId, new Stored(model.clone(), clock.instant().plus(ttl)));
    }

    @Override
    public void delete(String customerId) {
        models.remove(customerId);
    }

    @Override
    public Optional<TrainingLock> tryLock(String customerId, Duration ttl) {
        Instant now = clock.instant();
        Instant until = now.plus(ttl);
        Instant held = locks.compute(customerId, (id, current) -> current == null || !now.isBefore(current) ? until : current);
        if (held != until) {
            return Optional.empty();
        }
        return Optional.of(() -> locks.remove(customerId, until));
    }
}
