package dev.autoship.predictor.cache;

import dev.autoship.predictor.history.HistorySource;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.model.InsufficientHistoryException;
import dev.autoship.predictor.model.ModelCodec;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.model.ShipmentModelTrainer;
import dev.autoship.predictor.ops.PredictorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * Finds a customer's model: process memory, then the shared cache, then training on the customer's
 * history. Concurrent requests for a customer that is not in memory share one load (one training), and
 * across instances a short shared lock lets one instance train while the others wait for its result.
 */
public final class ModelCache {

    /**
     * @param ttl            how long a trained model is used (memory and shared cache)
     * @param maxModels      models held in memory
     * @param historyWindow  how far back training history reaches
     * @param minExamples    fewer shipments than this cannot train
     * @param maxExamples    newest shipments used at most
     * @param lockTtl        how long a training lock lasts if its holder dies
     * @param sharedWait     how long to wait for another instance's training before training here
     * @param maxConcurrentTrainings models trained at once (each holds its history and a Tribuo forest in the heap)
     */
    public record Limits(Duration ttl, int maxModels, Duration historyWindow, int minExamples, int maxExamples,
                         Duration lockTtl, Duration sharedWait, int maxConcurrentTrainings) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);
    private static final long POLL_MILLIS = 50;

    private final HistorySource history;
    private final ShipmentModelTrainer trainer;
    private final ModelCodec codec;
    private final SharedModelCache shared;
    private final Limits limits;
    private final Clock clock;
    private final PredictorMetrics metrics;
    private final MemoryTier memory;
    private final ConcurrentMap<String, CompletableFuture<ModelLookup>> loading = new ConcurrentHashMap<>();
    private final Semaphore trainingSlots;

    public ModelCache(HistorySource history, ShipmentModelTrainer trainer, ModelCodec codec, SharedModelCache shared,
                      Limits limits, Clock clock, PredictorMetrics metrics) {
        this.history = history;
        this.trainer = trainer;
        this.codec = codec;
        this.shared = shared;
        this.limits = limits;
        this.clock = clock;
        this.metrics = metrics;
        this.memory = new MemoryTier(limits.maxModels());
        this.trainingSlots = new Semaphore(limits.maxConcurrentTrainings(), true);
        metrics.modelsHeld(memory::size);
    }

    /**
     * The customer's model, loading or training it when memory has none.
     *
     * @throws InsufficientHistoryException when the customer has too few shipments to train
     * @throws dev.autoship.predictor.history.HistoryUnavailableException when training needs history that cannot be read
     */
    public ModelLookup get(String customerId) {
        ModelLookup held = memory.get(customerId, clock.millis());
        if (held != null) {
            metrics.lookup(ModelSource.MEMORY);
            return held;
        }
        CompletableFuture<ModelLookup> mine = new CompletableFuture<>();
        CompletableFuture<ModelLookup> running = loading.putIfAbsent(customerId, mine);
        if (running != null) {
            return await(running);
        }
        try {
            // another load may have finished between the memory check and taking the slot
            ModelLookup loaded = memory.get(customerId, clock.millis());
            if (loaded == null) {
                loaded = load(customerId);
                memory.put(customerId, loaded.model(), loaded.expiresAt());
            }
            metrics.lookup(loaded.source());
            mine.complete(loaded);
            return loaded;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(customerId, mine);
        }
    }

    /** The model memory or the shared cache holds, without training; empty when neither has one. */
    public Optional<ModelLookup> peek(String customerId) {
        ModelLookup held = memory.get(customerId, clock.millis());
        if (held != null) {
            return Optional.of(held);
        }
        return fromShared(customerId);
    }

    /** Drops the customer's model from memory and the shared cache; the next prediction retrains. */
    public void evict(String customerId) {
        memory.remove(customerId);
        shared.delete(customerId);
    }

    public int modelsHeld() {
        return memory.size();
    }

    /** Customers whose model is being loaded or trained right now. */
    public int loadsInProgress() {
        return loading.size();
    }

    private static ModelLookup await(CompletableFuture<ModelLookup> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private ModelLookup load(String customerId) {
        Optional<ModelLookup> fromShared = fromShared(customerId);
        if (fromShared.isPresent()) {
            return fromShared.get();
        }
        Optional<SharedModelCache.TrainingLock> lock = shared.tryLock(customerId, limits.lockTtl());
        if (lock.isEmpty()) {
            Optional<ModelLookup> trainedElsewhere = waitForOtherInstance(customerId);
            if (trainedElsewhere.isPresent()) {
                return trainedElsewhere.get();
            }
            LOG.info("No model for customer '{}' appeared within {} while another instance trained; training here",
                    customerId, limits.sharedWait());
        }
        try {
            if (lock.isPresent()) {
                // another instance may have stored the model between our first look and taking the lock
                Optional<ModelLookup> storedMeanwhile = fromShared(customerId);
                if (storedMeanwhile.isPresent()) {
                    return storedMeanwhile.get();
                }
            }
            return train(customerId);
        } finally {
            lock.ifPresent(SharedModelCache.TrainingLock::release);
        }
    }

    private Optional<ModelLookup> waitForOtherInstance(String customerId) {
        long deadline = System.nanoTime() + limits.sharedWait().toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            Optional<ModelLookup> found = fromShared(customerId);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private Optional<ModelLookup> fromShared(String customerId) {
        Instant now = clock.instant();
        return shared.get(customerId)
                .flatMap(bytes -> codec.decode(customerId, bytes))
                .map(model -> new ModelLookup(model, ModelSource.REDIS, model.trainedAt().plus(limits.ttl())))
                .filter(lookup -> now.isBefore(lookup.expiresAt()));
    }

    private ModelLookup train(String customerId) {
        try {
            trainingSlots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to train the model of customer " + customerId, e);
        }
        try {
            return trainNow(customerId);
        } finally {
            trainingSlots.release();
        }
    }

    private ModelLookup trainNow(String customerId) {
        long started = System.nanoTime();
        Instant since = clock.instant().minus(limits.historyWindow());
        List<Shipment> shipments = history.recentShipments(customerId, since, limits.maxExamples());
        if (shipments.size() < limits.minExamples()) {
            throw new InsufficientHistoryException(customerId, shipments.size(), limits.minExamples());
        }
        ShipmentModel model = trainer.train(customerId, shipments);
        long took = System.nanoTime() - started;
        metrics.trained(took);
        LOG.info("Trained model for customer '{}' on {} shipments in {} ms", customerId, shipments.size(),
                took / 1_000_000);
        if (shared.keepsModels()) {
            shared.put(customerId, codec.encode(model), limits.ttl());
        }
        return new ModelLookup(model, ModelSource.TRAINED, model.trainedAt().plus(limits.ttl()));
    }
}
