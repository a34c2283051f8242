package dev.autoship.predictor.lifecycle;

import dev.autoship.predictor.cache.SharedModelCache;
import dev.autoship.predictor.model.ModelSource;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.training.ModelTraining;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fills memory, before an instance reports ready, with the most recently used models (by the shared cache's
 * recency index), so the first requests after a restart or a scale-up are answered from memory.
 */
final class WarmStart {

    private static final Logger LOG = LoggerFactory.getLogger(WarmStart.class);

    /** Customers whose whole cold path is rehearsed at most. */
    static final int REHEARSED_CUSTOMERS = 3;

    private final SharedModelCache shared;
    private final ModelStore store;
    private final ModelTraining training;

    WarmStart(SharedModelCache shared, ModelStore store, ModelTraining training) {
        this.shared = shared;
        this.store = store;
        this.training = training;
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

    /**
     * Runs the real cold path (history read from the real store, training, encoding) for a few customers, within
     * {@code within}: the in-process warm-ups run on generated data and never touch the history store's client,
     * whose first uses in a new JVM are many times slower. The customers are the busiest among the history store's
     * newest shipments ({@link ModelTraining#customersToRehearse}), whose histories are likely large: after a
     * rehearsal on small histories the first large read after readiness took nearly twice as long as later ones.
     * Nothing is stored, held or counted; a failure (the store is down) only ends the rehearsal. (Hundreds of small reads after the whole ones, to compile the
     * once-per-read code too, were tried and dropped: in four of four quiet-ish restart runs the first customers
     * after readiness were slower with them, 230 against 156 ms and 458 against 172 ms for the next ones.)
     */
    ColdPathRehearsal rehearseColdPath(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        List<String> rehearsed = new CopyOnWriteArrayList<>();
        List<ShipmentModel> models = new CopyOnWriteArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        // on a thread of its own: a hung history store must not hold readiness past the budget
        Thread rehearsal = Thread.ofVirtual().name("cold-path-rehearsal").start(() -> {
            try {
                List<String> customers = training.customersToRehearse(REHEARSED_CUSTOMERS);
                for (String customerId : customers) {
                    if (System.nanoTime() >= deadline) {
                        return;
                    }
                    training.rehearse(customerId).ifPresent(models::add);
                    reads.incrementAndGet();
                    rehearsed.add(customerId);
                }
            } catch (RuntimeException e) {
                LOG.info("Rehearsing the cold path before serving stopped after {} customers ({})", rehearsed.size(),
                        e.getMessage());
            }
        });
        try {
            if (!rehearsal.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                LOG.info("Rehearsing the cold path before serving stopped at its time limit of {} after {} customers",
                        within, rehearsed.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new ColdPathRehearsal(rehearsed, models, reads.get());
    }
}
