package dev.autoship.predictor.cache;

import dev.autoship.predictor.model.ShipmentModel;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Models held in process memory: bounded, evicting the least recently used, each expiring at its own
 * time. Reads take no lock; eviction scans the entries, which is cheap at this size and happens only
 * when a new model comes in.
 */
final class MemoryTier {

    private static final class Entry {
        final ModelLookup hit;
        final long expiresAtMillis;
        volatile long lastUse;

        Entry(ShipmentModel model, Instant expiresAt, long lastUse) {
            this.hit = new ModelLookup(model, ModelSource.MEMORY, expiresAt);
            this.expiresAtMillis = expiresAt.toEpochMilli();
            this.lastUse = lastUse;
        }
    }

    private final int maxModels;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong uses = new AtomicLong();

    MemoryTier(int maxModels) {
        this.maxModels = maxModels;
    }

    /** The held model if it has not expired at {@code nowMillis}; an expired one is dropped. */
    ModelLookup get(String customerId, long nowMillis) {
        Entry entry = entries.get(customerId);
        if (entry == null) {
            return null;
        }
        if (nowMillis >= entry.expiresAtMillis) {
            entries.remove(customerId, entry);
            return null;
        }
        entry.lastUse = uses.incrementAndGet();
        return entry.hit;
    }

    void put(String customerId, ShipmentModel model, Instant expiresAt) {
        entries.put(customerId, new Entry(model, expiresAt, uses.incrementAndGet()));
        while (entries.size() > maxModels) {
            evictLeastRecentlyUsed();
        }
    }

    boolean remove(String customerId) {
        return entries.remove(customerId) != null;
    }

    int size() {
        return entries.size();
    }

    private void evictLeastRecentlyUsed() {
        String oldest = null;
        long oldestUse = Long.MAX_VALUE;
        for (Map.Entry<String, Entry> candidate : entries.entrySet()) {
            if (candidate.getValue().lastUse < oldestUse) {
                oldestUse = candidate.getValue().lastUse;
                oldest = candidate.getKey();
            }
        }
        if (oldest != null) {
            entries.remove(oldest);
        }
    }
}
