package dev.autoship.predictor.lifecycle;

import dev.autoship.predictor.cache.MemoryTier;
import dev.autoship.predictor.cache.SharedModelCache;
import dev.autoship.predictor.cache.SingleFlight;
import dev.autoship.predictor.model.ModelCodec;
import dev.autoship.predictor.model.ModelLifetime;
import dev.autoship.predictor.model.ModelLookup;
import dev.autoship.predictor.model.ModelSource;
import dev.autoship.predictor.ops.PredictorMetrics;
import dev.autoship.predictor.ops.PredictorMetrics.Lookup;
import dev.autoship.predictor.training.LockKeeper;
import dev.autoship.predictor.training.ModelTraining;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Where the API gets a customer's model: memory answers at once; otherwise the {@link ModelLoader} brings it
 * in (shared cache, training, or another instance's training) while every request for that customer waits for
 * the same load; a held model past its refresh age keeps answering while the {@link ModelRefresher} replaces it;
 * {@link #warmStart} fills memory before serving. A deletion, here or on any instance sharing the cache, drops
 * the model from memory and keeps loads already running from holding it again.
 */
public final class ModelRepository implements AutoCloseable {

    /**
     * @param followPoll   how often an instance waiting for another instance's training looks for its model
     * @param lockWait     how long an instance waits for another's training before it trains too
     * @param refreshRetry how long after a refresh that produced nothing the next one may start (doubling after
     *                     each further one, up to {@code maxRefreshRetry})
     */
    public record Coordination(Duration followPoll, Duration lockWait, Duration refreshRetry, Duration maxRefreshRetry) {
        /** @param lockWait the history read's own bound (a wait for another instance's training is not longer) */
        public static Coordination standard(Duration lockWait) {
            return new Coordination(Duration.ofMillis(50), lockWait, Duration.ofSeconds(5), Duration.ofMinutes(5));
        }
    }

    private final MemoryTier memory;
    private final SharedModelCache shared;
    private final ModelTraining training;
    private final LockKeeper locks;
    private final Clock clock;
    private final PredictorMetrics metrics;
    private final ModelStore store;
    private final ModelLoader loader;
    private final ModelRefresher refresher;
    private final WarmStart warmStart;
    private final ExecutorService loaders = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("model-load-", 1).factory());

    public ModelRepository(MemoryTier memory, SharedModelCache shared, ModelCodec codec, ModelTraining training,
                           LockKeeper locks, ModelLifetime lifetime, Coordination coordination, Clock clock,
                           PredictorMetrics metrics) {
        this.memory = memory;
        this.shared = shared;
        this.training = training;
        this.locks = locks;
        this.clock = clock;
        this.metrics = metrics;
        this.store = new ModelStore(memory, shared, codec, lifetime, clock);
        LockFollower follower = new LockFollower(shared, store, coordination.followPoll());
        this.loader = new ModelLoader(store, shared, training, locks, follower, coordination.lockWait(), loaders);
        this.refresher = new ModelRefresher(store, shared, training, locks, follower, coordination.lockWait(),
                coordination.refreshRetry(), coordination.maxRefreshRetry(), loaders, clock, metrics);
        this.warmStart = new WarmStart(shared, store, training);
        metrics.modelsHeld(memory::size);
        metrics.oldestModelAge(() -> {
            Instant now = clock.instant();
            return Duration.between(memory.oldestTrainedAt(now), now).toMillis() / 1000.0;
        });
        shared.onDeleted(this::deletedElsewhere);
    }

    /**
     * The customer's model, loading or training it when memory has none.
     *
     * @throws dev.autoship.predictor.model.InsufficientHistoryException when the customer has too few shipments
     * @throws dev.autoship.predictor.history.HistoryUnavailableException when training needs history that cannot be read
     * @throws dev.autoship.predictor.training.TrainingQueueFullException when too many trainings wait already
     */
    public ModelLookup get(String customerId) {
        long now = clock.millis();
        MemoryTier.Held held = memory.get(customerId, now);
        if (held != null) {
            metrics.lookup(Lookup.MEMORY);
            if (held.refreshDue(now)) {
                refresher.refreshInBackground(customerId, held.lookup().model());
            }
            return held.lookup();
        }
        refresher.forget(customerId);
        training.refuseIfRecentlyInsufficient(customerId);
        SingleFlight.Flight<ModelLookup> flight = loader.join(customerId);
        ModelLookup loaded = ModelLoader.await(flight.result());
        metrics.lookup(!flight.started() ? Lookup.WAITED
                : switch (loaded.source()) {
                    case MEMORY -> Lookup.MEMORY;
                    case REDIS -> Lookup.REDIS;
                    case TRAINED -> Lookup.TRAINED;
                });
        return loaded;
    }

    /** The model memory or the shared cache holds, without training; empty when neither has one. */
    public Optional<ModelLookup> peek(String customerId) {
        MemoryTier.Held held = memory.get(customerId, clock.millis());
        if (held != null) {
            return Optional.of(held.lookup());
        }
        return store.stored(customerId).map(model -> store.lookup(model, ModelSource.REDIS));
    }

    /** The model process memory holds for the customer, without counting a lookup or loading anything. */
    public Optional<ModelLookup> peekHeld(String customerId) {
        return Optional.ofNullable(memory.get(customerId, clock.millis())).map(MemoryTier.Held::lookup);
    }

    /**
     * Refreshes the customer's held model now, through the same single flight and lock as refresh-ahead, whatever
     * its age (e.g. when its live accuracy has drifted).
     *
     * @return false when no model is held or a refresh is already running
     */
    public boolean refreshNow(String customerId) {
        return peekHeld(customerId).map(held -> refresher.refreshNow(customerId, held.model())).orElse(false);
    }

    /** The customers whose models process memory holds. */
    public Set<String> heldCustomers() {
        return memory.customers();
    }

    /** Tells {@code listener} the customer's id each time a background refresh has replaced its model. */
    public void onRefreshed(Consumer<String> listener) {
        refresher.onRefreshed(listener);
    }

    /**
     * Drops the customer's model from memory and the shared cache, here and (through the shared cache) on every
     * instance; the next prediction retrains.
     */
    public void evict(String customerId) {
        deletedElsewhere(customerId);
        shared.delete(customerId);
    }

    private void deletedElsewhere(String customerId) {
        store.forgetHeld(customerId);
        refresher.forget(customerId);
        training.forget(customerId);
    }

    /**
     * Loads the most recently used models (by the shared cache's recency index) into memory, at most
     * {@code max} and for at most {@code within}; for a starting instance, before it reports ready.
     *
     * @return the customers whose models were loaded
     */
    public List<String> warmStart(int max, Duration within) {
        return warmStart.run(max, within);
    }

    /**
     * Runs the real cold path (history read, training, encoding) for a few customers within {@code budget}, nothing
     * stored or counted (see {@link WarmStart#rehearseColdPath}).
     *
     * @return what the rehearsal did
     */
    public ColdPathRehearsal rehearseColdPath(Duration budget) {
        return warmStart.rehearseColdPath(budget);
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
        return loader.inProgress();
    }

    /** The loader, for tests that start a load exactly when a race would. */
    ModelLoader loader() {
        return loader;
    }

    /** Stops loading: releases every training lock still held and ends the load and training threads. */
    @Override
    public void close() {
        locks.close();
        loaders.shutdownNow();
        training.close();
    }
}
