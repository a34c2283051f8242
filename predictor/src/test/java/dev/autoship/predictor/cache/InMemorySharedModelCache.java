package dev.autoship.predictor.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A shared model cache inside one process, for tests with several model repositories in the same JVM:
 * same semantics as the Redis one, bytes with a time to live, expiring locks, a recency index, and deletions
 * announced to every repository that shares it.
 */
public final class InMemorySharedModelCache implements SharedModelCache {

    private record Stored(byte[] bytes, Instant expiresAt) {
    }

    private final Clock clock;
    private final ConcurrentMap<String, Stored> models = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Lock> locks = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Long> used = new ConcurrentHashMap<>();
    private final AtomicLong uses = new AtomicLong();
    private final List<Consumer<String>> deletionListeners = new CopyOnWriteArrayList<>();

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
        deletionListeners.forEach(listener -> listener.accept(customerId));
    }

    @Override
    public void onDeleted(Consumer<String> listener) {
        deletionListeners.add(listener);
    }

    @Override
    public Optional<TrainingLock> tryLock(String customerId, Duration ttl) {
        Instant now = clock.instant();
        Lock mine = new Lock(now.plus(ttl));
        Lock held = locks.compute(customerId, (id, current) -> current == null || !now.isBefore(current.until) ? mine : current);
        if (held != mine) {
            return Optional.empty();
        }
        return Optional.of(new TrainingLock() {
            @Override
            public boolean extend(Duration longer) {
                Instant at = clock.instant();
                Lock after = locks.computeIfPresent(customerId, (id, current) -> current.token == mine.token
                        && at.isBefore(current.until) ? new Lock(mine.token, at.plus(longer)) : current);
                return after != null && after.token == mine.token;
            }

            @Override
            public void release() {
                locks.computeIfPresent(customerId, (id, current) -> current.token == mine.token ? null : current);
            }
        });
    }

    @Override
    public boolean isLocked(String customerId) {
        Lock held = locks.get(customerId);
        return held != null && clock.instant().isBefore(held.until);
    }

    @Override
    public void markUsed(String customerId) {
        used.put(customerId, uses.incrementAndGet());
    }

    @Override
    public List<String> recentlyUsed(int max) {
        return used.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(max)
                .map(Map.Entry::getKey)
                .toList();
    }

    private record Lock(Object token, Instant until) {
        Lock(Instant until) {
            this(new Object(), until);
        }
    }
}
