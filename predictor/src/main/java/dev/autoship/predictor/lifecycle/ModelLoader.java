package dev.autoship.predictor.lifecycle;

import dev.autoship.predictor.cache.MemoryTier;
import dev.autoship.predictor.cache.SharedModelCache;
import dev.autoship.predictor.cache.SingleFlight;
import dev.autoship.predictor.model.ModelLookup;
import dev.autoship.predictor.model.ModelSource;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.training.LockKeeper;
import dev.autoship.predictor.training.ModelTraining;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Brings a customer's model into memory when memory has none, one load per customer at a time (single flight):
 * from the shared cache, else trained here under the customer's shared lock, else taken from the instance that
 * holds the lock once it stores it. Waiting for another instance is bounded by {@code lockWait} (the same bound
 * as a history read): past it this instance trains too, since a duplicate training is the lesser evil.
 */
final class ModelLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    private final ModelStore store;
    private final SharedModelCache shared;
    private final ModelTraining training;
    private final LockKeeper locks;
    private final LockFollower follower;
    private final Duration lockWait;
    private final ExecutorService loaders;
    private final SingleFlight<String, ModelLookup> flights = new SingleFlight<>();

    ModelLoader(ModelStore store, SharedModelCache shared, ModelTraining training, LockKeeper locks,
                LockFollower follower, Duration lockWait, ExecutorService loaders) {
        this.store = store;
        this.shared = shared;
        this.training = training;
        this.locks = locks;
        this.follower = follower;
        this.lockWait = lockWait;
        this.loaders = loaders;
    }

    /** Joins the customer's running load, or starts one; the flight says which. */
    SingleFlight.Flight<ModelLookup> join(String customerId) {
        return flights.join(customerId, id -> CompletableFuture.supplyAsync(() -> load(id), loaders));
    }

    /** Waits for a flight's model; what the load threw is thrown here. */
    static ModelLookup await(CompletableFuture<ModelLookup> running) {
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

    int inProgress() {
        return flights.size();
    }

    /** One load; package-private so that tests can start one exactly when a race would. */
    ModelLookup load(String customerId) {
        long started = System.nanoTime();
        // a caller that missed memory just before the previous flight for this customer ended starts a new one:
        // memory has the model by now, and neither the shared cache nor a training is needed
        MemoryTier.Held held = store.held(customerId);
        if (held != null) {
            return held.lookup();
        }
        Optional<ShipmentModel> stored = store.stored(customerId);
        if (stored.isPresent()) {
            shared.markUsed(customerId);
            return store.hold(stored.get(), ModelSource.REDIS, started);
        }
        long deadline = started + lockWait.toNanos();
        while (true) {
            boolean waitedEnough = System.nanoTime() - deadline >= 0;
            Optional<SharedModelCache.TrainingLock> lock = waitedEnough
                    ? Optional.of(SharedModelCache.TrainingLock.UNSHARED)
                    : shared.tryLock(customerId, locks.ttl());
            if (lock.isPresent()) {
                return trainUnder(lock.get(), customerId, started);
            }
            LockFollower.Followed followed = follower.follow(customerId, model -> true, deadline);
            switch (followed.ending()) {
                case STORED -> {
                    return store.hold(followed.model().orElseThrow(), ModelSource.REDIS, started);
                }
                case DEADLINE -> LOG.warn("Waited {} ms for another instance training the model of customer '{}' (its "
                        + "lock is still held: it may be busy or have died); training here too", lockWait.toMillis(),
                        customerId);
                case LOCK_ENDED -> LOG.info("The training lock of customer '{}' ended (released or expired) without a "
                        + "stored model; trying again", customerId);
                case INTERRUPTED -> throw new java.util.concurrent.CancellationException(
                        "interrupted while waiting for another instance's training of customer '" + customerId + "'");
            }
        }
    }

    private ModelLookup trainUnder(SharedModelCache.TrainingLock lock, String customerId, long started) {
        try (LockKeeper.Kept kept = locks.keep(lock, customerId)) {
            // another instance may have stored the model between our first look and taking the lock
            Optional<ShipmentModel> storedMeanwhile = store.stored(customerId);
            if (storedMeanwhile.isPresent()) {
                return store.hold(storedMeanwhile.get(), ModelSource.REDIS, started);
            }
            ShipmentModel trained = training.train(customerId);
            shared.markUsed(customerId);
            return store.hold(trained, ModelSource.TRAINED, started);
        }
    }
}
