package dev.autoship.predictor.lifecycle;

import dev.autoship.predictor.cache.MemoryTier;
import dev.autoship.predictor.cache.SharedModelCache;
import dev.autoship.predictor.model.ModelCodec;
import dev.autoship.predictor.model.ModelLifetime;
import dev.autoship.predictor.model.ModelLookup;
import dev.autoship.predictor.model.ModelSource;
import dev.autoship.predictor.model.ShipmentModel;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The two tiers a model is kept in, process memory and the shared cache, seen as one: what either holds for a
 * customer, and holding a model in memory unless the customer's model was deleted since the caller began looking
 * for it (a load or refresh that was running when a {@code DELETE} came in must not bring the deleted model back).
 */
final class ModelStore {

    /** Deletions are remembered this long: far longer than any load or refresh can run. */
    private static final long REMEMBER_DELETIONS_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final MemoryTier memory;
    private final SharedModelCache shared;
    private final ModelCodec codec;
    private final ModelLifetime lifetime;
    private final Clock clock;
    private final Map<String, Long> deletedAt = new ConcurrentHashMap<>();

    ModelStore(MemoryTier memory, SharedModelCache shared, ModelCodec codec, ModelLifetime lifetime, Clock clock) {
        this.memory = memory;
        this.shared = shared;
        this.codec = codec;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** The model held in memory, unexpired; null when none. */
    MemoryTier.Held held(String customerId) {
        return memory.get(customerId, clock.millis());
    }

    /** Whether memory holds a model for the customer (without counting it as a use). */
    boolean isHeld(String customerId) {
        return memory.contains(customerId);
    }

    /** The model the shared cache keeps for the customer, if it decodes and has not expired. */
    Optional<ShipmentModel> stored(String customerId) {
        Instant now = clock.instant();
        return shared.get(customerId)
                .flatMap(bytes -> codec.decode(customerId, bytes))
                .filter(model -> now.isBefore(lifetime.expiresAt(model)));
    }

    /**
     * Holds the model in memory, unless the customer's model was deleted after {@code lookingSince} (a
     * {@link System#nanoTime()}); either way the caller that looked for it gets it as its answer.
     */
    ModelLookup hold(ShipmentModel model, ModelSource source, long lookingSince) {
        Long deleted = deletedAt.get(model.customerId());
        if (deleted == null || deleted - lookingSince < 0) {
            memory.put(model.customerId(), model, lifetime.expiresAt(model), lifetime.refreshAt(model));
        }
        return lookup(model, source);
    }

    ModelLookup lookup(ShipmentModel model, ModelSource source) {
        return new ModelLookup(model, source, lifetime.expiresAt(model));
    }

    /** Drops the model from memory, and keeps loads and refreshes already running from holding it again. */
    void forgetHeld(String customerId) {
        long now = System.nanoTime();
        deletedAt.put(customerId, now);
        deletedAt.values().removeIf(at -> now - at > REMEMBER_DELETIONS_NANOS);
        memory.remove(customerId);
    }

    ModelLifetime lifetime() {
        return lifetime;
    }
}
