package dev.autoship.predictor.lifecycle;

import dev.autoship.predictor.cache.MemoryTier;
import dev.autoship.predictor.cache.SharedModelCache;
import dev.autoship.predictor.cache.SingleFlight;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.history.HistorySource;
import dev.autoship.predictor.model.AutoShipRule;
import dev.autoship.predictor.model.ModelCodec;
import dev.autoship.predictor.model.ModelLifetime;
import dev.autoship.predictor.model.ModelLookup;
import dev.autoship.predictor.model.ModelSource;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.model.ShipmentModelTrainer;
import dev.autoship.predictor.ops.PredictorMetrics;
import dev.autoship.predictor.ops.PredictorMetrics.Lookup;
import dev.autoship.predictor.training.InsufficientHistoryMemory;
import dev.autoship.predictor.training.LockKeeper;
import dev.autoship.predictor.training.ModelTraining;
import dev.autoship.predictor.training.TrainingPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * Where the API gets a customer's model. Composes the cache tiers (process memory, the shared cache) with
 * training: memory answers at once; otherwise one load per customer runs (single flight) on its own virtual
 * thread — the shared cache, else training under the shared lock while other instances follow the holder —
 * and every request for that customer waits for it. A held model past its refresh age keeps answering while
 * one background refresh replaces it; a warm start fills memory with the most recently used models.
 */
public final class ModelRepository implements AutoCloseable {

    /**
     * @param followPoll how often an instance waiting for another instance's training looks for its model
     * @param lockRounds how often an instance waits for another's lock before it trains without one
     * @param refreshRetry how long after a refresh that produced nothing the next one may start
     */
    public record Coordination(Duration followPoll, int lockRounds, Duration refreshRetry) {
        public static Coordination standard() {
            return new Coordination(Duration.ofMillis(50), 3, Duration.ofSeconds(5));
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ModelRepository.class);

    private final MemoryTier memory;
    private final SharedModelCache shared;
    private final ModelCodec codec;
    private final ModelTraining training;
    private final LockKeeper locks;
    private final ModelLifetime lifetime;
    private final Coordination coordination;
    private final Clock clock;
    private final PredictorMetrics metrics;
    private final SingleFlight<String, ModelLookup> loads = new SingleFlight<>();
    private final Map<String, Long> refreshNotBefore = new ConcurrentHashMap<>();
    private final ExecutorService loaders = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("model-load-", 1).factory());

    public ModelRepository(MemoryTier memory, SharedModelCache shared, ModelCodec codec, ModelTraining training,
                           LockKeeper locks, ModelLifetime lifetime, Coordination coordination, Clock clock,
                           PredictorMetrics metrics) {
        this.memory = memory;
        this.shared = shared;
        this.codec = codec;
        this.training = training;
        this.locks = locks;
        this.lifetime = lifetime;
        this.coordination = coordination;
        this.clock = clock;
        this.metrics = metrics;
        metrics.modelsHeld(memory::size);
        metrics.oldestModelAge(() -> {
            Instant now = clock.instant();
            return Duration.between(memory.oldestTrainedAt(now), now).toMillis() / 1000.0;
        });
    }

    /**
     * The customer's model, loading or training it when memory has none.
     *
     * @throws dev.autoship.predictor.model.InsufficientHistoryException when the customer has too few shipments
     * @throws dev.autoship.predictor.history.HistoryUnavailableException when training needs history that cannot be read
     */
    public ModelLookup get(String customerId) {
        long now = clock.millis();
        MemoryTier.Held held = memory.get(customerId, now);
        if (held != null) {
            metrics.lookup(Lookup.MEMORY);
            if (held.refreshDue(now)) {
                refreshInBackground(customerId, held.lookup().model(), now);
            }
            return held.lookup();
        }
        training.refuseIfRecentlyInsufficient(customerId);
        SingleFlight.Flight<ModelLookup> flight = loads.join(customerId,
                id -> CompletableFuture.supplyAsync(() -> load(id), loaders));
        ModelLookup loaded = await(flight.result());
        metrics.lookup(!flight.started() ? Lookup.WAITED
                : loaded.source() == ModelSource.REDIS ? Lookup.REDIS : Lookup.TRAINED);
        return loaded;
    }

    /** The model memory or the shared cache holds, without training; empty when neither has one. */
    public Optional<ModelLookup> peek(String customerId) {
        MemoryTier.Held held = memory.get(customerId, clock.millis());
        if (held != null) {
            return Optional.of(held.lookup());
        }
        return fromShared(customerId).map(model -> lookup(model, ModelSource.REDIS));
    }

    /** The model process memory holds for the customer, without counting a lookup or loading anything. */
    public Optional<ModelLookup> peekHeld(String customerId) {
        return Optional.ofNullable(memory.get(customerId, clock.millis())).map(MemoryTier.Held::lookup);
    }

    /** Drops the customer's model from memory and the shared cache; the next prediction retrains. */
    public void evict(String customerId) {
        memory.remove(customerId);
        shared.delete(customerId);
        training.forget(customerId);
    }

    /**
     * Loads the most recently used models (by the shared cache's recency index) into memory, at most
     * {@code max} and for at most {@code within}; for a starting instance, before it reports ready.
     *
     * @return the customers whose models were loaded
     */
    public List<String> warmStart(int max, Duration within) {
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
            Optional<ShipmentModel> model = fromShared(customerId);
            if (model.isPresent()) {
                hold(model.get());
                loaded.add(customerId);
            }
        }
        if (!recent.isEmpty()) {
            LOG.info("Warm start loaded {} of the {} most recently used models in {} ms", loaded.size(), recent.size(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        return List.copyOf(loaded);
    }

    /** Runs the trainer on generated histories for at most {@code budget}, so the JIT has compiled it (see ModelTraining). */
    public int warmUpTraining(Duration budget) {
        return training.warmUp(budget);
    }

    public int modelsHeld() {
        return memory.size();
    }

    /** Customers whose model is being loaded or trained right now. */
    public int loadsInProgress() {
        return loads.size();
    }

    private ModelLookup load(String customerId) {
        Optional<ShipmentModel> stored = fromShared(customerId);
        if (stored.isPresent()) {
            shared.markUsed(customerId);
            return lookup(hold(stored.get()), ModelSource.REDIS);
        }
        for (int round = 1; ; round++) {
            Optional<SharedModelCache.TrainingLock> lock = round > coordination.lockRounds()
                    ? Optional.of(SharedModelCache.TrainingLock.UNSHARED)
                    : shared.tryLock(customerId, locks.ttl());
            if (lock.isPresent()) {
                try (LockKeeper.Kept kept = locks.keep(lock.get())) {
                    // another instance may have stored the model between our first look and taking the lock
                    Optional<ShipmentModel> storedMeanwhile = fromShared(customerId);
                    if (storedMeanwhile.isPresent()) {
                        return lookup(hold(storedMeanwhile.get()), ModelSource.REDIS);
                    }
                    ShipmentModel trained = training.train(customerId);
                    shared.markUsed(customerId);
                    return lookup(hold(trained), ModelSource.TRAINED);
                }
            }
            Optional<ShipmentModel> trainedElsewhere = followHolder(customerId, model -> true);
            if (trainedElsewhere.isPresent()) {
                return lookup(hold(trainedElsewhere.get()), ModelSource.REDIS);
            }
            LOG.info("Another instance released the training lock of customer '{}' without storing a model", customerId);
        }
    }

    /**
     * Waits while another instance holds the customer's lock (it extends it while it works) for a stored model
     * that is {@code wanted}; empty when the lock is released without one.
     */
    private Optional<ShipmentModel> followHolder(String customerId, Predicate<ShipmentModel> wanted) {
        while (true) {
            try {
                Thread.sleep(coordination.followPoll());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            boolean locked = shared.isLocked(customerId);
            Optional<ShipmentModel> found = fromShared(customerId).filter(wanted);
            if (found.isPresent() || !locked) {
                return found;
            }
        }
    }

    private void refreshInBackground(String customerId, ShipmentModel current, long now) {
        Long notBefore = refreshNotBefore.get(customerId);
        if (notBefore != null && now < notBefore) {
            return;
        }
        boolean claimed = notBefore == null
                ? refreshNotBefore.putIfAbsent(customerId, Long.MAX_VALUE) == null
                : refreshNotBefore.replace(customerId, notBefore, Long.MAX_VALUE);
        if (!claimed) {
            return;  // another request started the refresh
        }
        loaders.execute(() -> {
            boolean replaced = false;
            try {
                replaced = refresh(customerId, current);
                if (replaced) {
                    metrics.refreshed();
                }
            } catch (RuntimeException e) {
                metrics.refreshFailed();
                LOG.warn("Refreshing the model of customer '{}' failed ({}); the current one stays in use until {}",
                        customerId, e.getMessage(), lifetime.expiresAt(current));
            } finally {
                if (replaced) {
                    refreshNotBefore.remove(customerId);
                } else {
                    refreshNotBefore.put(customerId, clock.millis() + coordination.refreshRetry().toMillis());
                }
            }
        });
    }

    /** A newer model from the shared cache, else one trained here under the lock; false when another instance refreshes. */
    private boolean refresh(String customerId, ShipmentModel current) {
        Optional<ShipmentModel> newer = fromShared(customerId).filter(model -> model.trainedAt().isAfter(current.trainedAt()));
        if (newer.isPresent()) {
            hold(newer.get());
            return true;
        }
        Optional<SharedModelCache.TrainingLock> lock = shared.tryLock(customerId, locks.ttl());
        if (lock.isEmpty()) {
            // another instance is refreshing: take its model as soon as it is stored, so the instances change
            // models together (waiting for the next retry could outlast the old model's soft age again)
            Optional<ShipmentModel> followed = followHolder(customerId, model -> model.trainedAt().isAfter(current.trainedAt()));
            followed.ifPresent(this::hold);
            return followed.isPresent();
        }
        try (LockKeeper.Kept kept = locks.keep(lock.get())) {
            newer = fromShared(customerId).filter(model -> model.trainedAt().isAfter(current.trainedAt()));
            hold(newer.isPresent() ? newer.get() : training.train(customerId));
            shared.markUsed(customerId);
            return true;
        }
    }

    private Optional<ShipmentModel> fromShared(String customerId) {
        Instant now = clock.instant();
        return shared.get(customerId)
                .flatMap(bytes -> codec.decode(customerId, bytes))
                .filter(model -> now.isBefore(lifetime.expiresAt(model)));
    }

    private ShipmentModel hold(ShipmentModel model) {
        memory.put(model.customerId(), model, lifetime.expiresAt(model), lifetime.refreshAt(model));
        return model;
    }

    private ModelLookup lookup(ShipmentModel model, ModelSource source) {
        return new ModelLookup(model, source, lifetime.expiresAt(model));
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

    /** Stops loading: releases every training lock still held and ends the load and training threads. */
    @Override
    public void close() {
        locks.close();
        loaders.shutdownNow();
        training.close();
    }

    /** How long a training lock lives unless its holder extends it (every third of it, while it works). */
    static final Duration LOCK_TTL = Duration.ofSeconds(10);

    /** The repository the predictor runs with, built from its settings. */
    public static ModelRepository from(PredictorSettings settings, HistorySource history, SharedModelCache shared,
                                       Clock clock, PredictorMetrics metrics) {
        ShipmentModelTrainer trainer = ShipmentModelTrainer.standard(clock)
                .describingHistory(settings.elasticsearch().map(es -> "elasticsearch:" + es.index()).orElse("embedded demo data set"),
                        settings.historyWindow())
                .autoShipping(new AutoShipRule(settings.quality().autoShipPrecision()));
        ModelCodec codec = new ModelCodec(trainer.features(), trainer.autoShipRule());
        metrics.autoShipPrecisionTarget(settings.quality().autoShipPrecision());
        PredictorSettings.ModelLifecycleSettings lifecycle = settings.lifecycle();
        ModelLifetime lifetime = new ModelLifetime(settings.modelCacheTtl(), lifecycle.ttlJitter(), lifecycle.refreshAt());
        ModelTraining training = new ModelTraining(history, trainer, new TrainingPool(settings.maxConcurrentTrainings()),
                new ModelTraining.HistoryLimits(settings.historyWindow(), settings.minExamples(), settings.maxExamples()),
                new InsufficientHistoryMemory(lifecycle.insufficientHistoryTtl(), lifecycle.insufficientHistoryMax(), clock),
                codec, shared, lifetime, clock, metrics);
        return new ModelRepository(new MemoryTier(settings.modelCacheMaxModels()), shared, codec, training,
                new LockKeeper(LOCK_TTL), lifetime, Coordination.standard(), clock, metrics);
    }
}
