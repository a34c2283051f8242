package dev.autoship.predictor.cache;

import dev.autoship.predictor.model.ModelLookup;
import dev.autoship.predictor.model.ModelSource;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.model.ValidationPool;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Models held in process memory: bounded, evicting the least recently used, each expiring at its own
 * time. Reads take no lock and allocate nothing; eviction scans the entries, which is cheap at this size
 * and happens only when a new model comes in. The validations of the held models are pooled in a
 * {@link ValidationPool}: a model enters it when it is put and leaves it however it goes (replaced, evicted,
 * expired, removed).
 */
public final class MemoryTier {

    /** A held model: the lookup answered from memory and when its refresh is due. */
    public static final class Held {
        private final ModelLookup lookup;
        private final long expiresAtMillis;
        private final long refreshAtMillis;
        private volatile long lastUse;

        private Held(ShipmentModel model, Instant expiresAt, Instant refreshAt, long lastUse) {
            this.lookup = new ModelLookup(model, ModelSource.MEMORY, expiresAt);
            this.expiresAtMillis = expiresAt.toEpochMilli();
            this.refreshAtMillis = refreshAt.toEpochMilli();
            this.lastUse = lastUse;
        }

        public ModelLookup lookup() {
            return lookup;
        }

        public boolean refreshDue(long nowMillis) {
            return nowMillis >= refreshAtMillis;
        }
    }

    private final int maxModels;
    private final ValidationPool pool;
    private final Map<String, Held> entries = new ConcurrentHashMap<>();
    private final AtomicLong uses = new AtomicLong();

    /** A tier whose models' validations are pooled nowhere else. */
    public MemoryTier(int maxModels) {
        this(maxModels, new ValidationPool());
    }

    public MemoryTier(int maxModels, ValidationPool pool) {
        this.maxModels = maxModels;
        this.pool = pool;
    }

    /** The held model if it has not expired at {@code nowMillis}; an expired one is dropped. */
    public Held get(String customerId, long nowMillis) {
        Held held = entries.get(customerId);
        if (held == null) {
            return null;
        }
        if (nowMillis >= held.expiresAtMillis) {
            if (entries.remove(customerId, held)) {
                pool.remove(held.lookup.model());
            }
            return null;
        }
        held.lastUse = uses.incrementAndGet();
        return held;
    }

    public void put(String customerId, ShipmentModel model, Instant expiresAt, Instant refreshAt) {
        pool.add(model);
        Held replaced = entries.put(customerId, new Held(model, expiresAt, refreshAt, uses.incrementAndGet()));
        if (replaced != null) {
            pool.remove(replaced.lookup.model());
        }
        while (entries.size() > maxModels) {
            evictLeastRecentlyUsed();
        }
    }

    /** The customers whose models are held (expired ones included until they are next asked for). */
    public Set<String> customers() {
        return Set.copyOf(entries.keySet());
    }

    /** Whether a model is held for the customer, expired or not, without counting a use. */
    public boolean contains(String customerId) {
        return entries.containsKey(customerId);
    }

    public boolean remove(String customerId) {
        Held removed = entries.remove(customerId);
        if (removed != null) {
            pool.remove(removed.lookup.model());
        }
        return removed != null;
    }

    public int size() {
        return entries.size();
    }

    /** When the oldest held model was trained; {@code now} when none is held. */
    public Instant oldestTrainedAt(Instant now) {
        Instant oldest = now;
        for (Held held : entries.values()) {
            Instant trainedAt = held.lookup.model().trainedAt();
            if (trainedAt.isBefore(oldest)) {
                oldest = trainedAt;
            }
        }
        return oldest;
    }

    private void evictLeastRecentlyUsed() {
        String oldest = null;
        long oldestUse = Long.MAX_VALUE;
        for (Map.Entry<String, Held> candidate : entries.entrySet()) {
            if (candidate.getValue().lastUse < oldestUse) {
                oldestUse = candidate.getValue().lastUse;
                oldest = candidate.getKey();
            }
        }
        if (oldest != null) {
            remove(oldest);
        }
    }
}
