package dev.autoship.predictor.lifecycle;

import dev.autoship.predictor.cache.SharedModelCache;
import dev.autoship.predictor.model.ModelSource;
import dev.autoship.predictor.model.ShipmentModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fills memory, before an instance reports ready, with the most recently used models (by the shared cache's
 * recency index), so the first requests after a restart or a scale-up are answered from memory.
 */
final class WarmStart {

    private static final Logger LOG = LoggerFactory.getLogger(WarmStart.class);

    private final SharedModelCache shared;
    private final ModelStore store;

    WarmStart(SharedModelCache shared, ModelStore store) {
        this.shared = shared;
        this.store = store;
    }

    /**
     * Loads at most {@code max} models for at most {@code within}.
     *
     * @return the customers whose models were loaded
     */
    List<String> run(int max, Duration within) {
        long started = System.nanoTime();
        long deadline = started + within.toNanos();
        List<String> recent = shared.recentlyUsed(max);
        List<String> loaded = new ArrayList<>();
        for (String customerId : recent) {
            if (System.nanoTime() >= deadline) {
                LOG.info("Warm start stopped at its time limit of {} after {} of {} models", within, loaded.size(),
                        recent.size());
                break;
            }
            Optional<ShipmentModel> model = store.stored(customerId);
            if (model.isPresent()) {
                store.hold(model.get(), ModelSource.REDIS, started);
                loaded.add(customerId);
            }
        }
        if (!recent.isEmpty()) {
            LOG.info("Warm start loaded {} of the {} most recently used models in {} ms", loaded.size(), recent.size(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        return List.copyOf(loaded);
    }
}
