package dev.autoship.predictor.lifecycle;

import dev.autoship.predictor.cache.SharedModelCache;
import dev.autoship.predictor.model.InsufficientHistoryException;
import dev.autoship.predictor.model.ModelSource;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.ops.PredictorMetrics;
import dev.autoship.predictor.training.LockKeeper;
import dev.autoship.predictor.training.ModelTraining;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * Refresh-ahead: a held model past its refresh age keeps answering while one background refresh per customer
 * replaces it (a newer model from the shared cache, else one trained here under the customer's lock, else the
 * lock holder's once stored). A refresh that produces nothing is retried later, each time twice as late
 * (from {@code firstRetry} up to {@code maxRetry}); a customer found with too little history is not retried
 * while that is remembered; a customer whose model is deleted or no longer held is forgotten.
 */
final class ModelRefresher {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRefresher.class);
    /** Marks a refresh in progress in {@link #attempts}. */
    private static final Attempt RUNNING = new Attempt(Long.MAX_VALUE, 0);
    /** Past this many tracked customers, those whose model has left memory are dropped. */
    private static final int PRUNE_ABOVE = 1024;

    /** When the next refresh of a customer may start, and how many in a row produced nothing. */
    private record Attempt(long notBeforeMillis, int failures) {
    }

    private final ModelStore store;
    private final SharedModelCache shared;
    private final ModelTraining training;
    private final LockKeeper locks;
    private final LockFollower follower;
    private final Duration lockWait;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final ExecutorService loaders;
    private final Clock clock;
    private final PredictorMetrics metrics;
    private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();
    private final List<Consumer<String>> refreshedListeners = new CopyOnWriteArrayList<>();

    ModelRefresher(ModelStore store, SharedModelCache shared, ModelTraining training, LockKeeper locks,
                   LockFollower follower, Duration lockWait, Duration firstRetry, Duration maxRetry,
                   ExecutorService loaders, Clock clock, PredictorMetrics metrics) {
        this.store = store;
        this.shared = shared;
        this.training = training;
        this.locks = locks;
        this.follower = follower;
        this.lockWait = lockWait;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
        this.loaders = loaders;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Starts the customer's refresh in the background unless one runs or its retry time has not come. */
    void refreshInBackground(String customerId, ShipmentModel current) {
        long now = clock.millis();
        Attempt previous = attempts.get(customerId);
        if (previous != null && now < previous.notBeforeMillis()) {
            return;
        }
        if (training.recentlyInsufficient(customerId)) {
            return;
        }
        start(customerId, current, previous);
    }

    /** Starts the customer's refresh now, whatever its retry time, unless one is running (e.g. on drift). */
    boolean refreshNow(String customerId, ShipmentModel current) {
        return start(customerId, current, attempts.get(customerId));
    }

    private boolean start(String customerId, ShipmentModel current, Attempt previous) {
        boolean claimed = previous == null
                ? attempts.putIfAbsent(customerId, RUNNING) == null
                : previous != RUNNING && attempts.replace(customerId, previous, RUNNING);
        if (!claimed) {
            return false;  // another request started the refresh
        }
        int failuresBefore = previous == null ? 0 : previous.failures();
        loaders.execute(() -> {
            long started = System.nanoTime();
            boolean replaced = false;
            try {
                replaced = refresh(customerId, current, started);
                if (replaced) {
                    metrics.refreshed();
                    refreshedListeners.forEach(listener -> listener.accept(customerId));
                }
            } catch (InsufficientHistoryException e) {
                LOG.info("Refreshing the model of customer '{}' found too little history ({}); the current one stays "
                        + "in use until {}", customerId, e.getMessage(), store.lifetime().expiresAt(current));
            } catch (RuntimeException e) {
                metrics.refreshFailed();
                LOG.warn("Refreshing the model of customer '{}' failed ({}); the current one stays in use until {}",
                        customerId, e.getMessage(), store.lifetime().expiresAt(current));
            } finally {
                if (replaced) {
                    attempts.remove(customerId, RUNNING);
                } else {
                    int failures = failuresBefore + 1;
                    attempts.replace(customerId, RUNNING, new Attempt(clock.millis() + retryAfter(failures, firstRetry, maxRetry).toMillis(), failures));
                    if (attempts.size() > PRUNE_ABOVE) {
                        attempts.keySet().removeIf(id -> !store.isHeld(id) && attempts.get(id) != RUNNING);
                    }
                }
            }
        });
        return true;
    }

    /** The wait after {@code failures} refreshes in a row produced nothing: doubling from {@code first}, capped. */
    static Duration retryAfter(int failures, Duration first, Duration max) {
        Duration wait = first;
        for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) < 0 ? wait : max;
    }

    /** Tells {@code listener} the customer's id each time a refresh has replaced its model. */
    void onRefreshed(Consumer<String> listener) {
        refreshedListeners.add(listener);
    }

    /** The customer's model was deleted, or left memory: no retry is kept for it. */
    void forget(String customerId) {
        attempts.remove(customerId);
    }

    /** Customers with a refresh running or waiting for its retry (bounded: forgotten when their model leaves memory). */
    int tracked() {
        return attempts.size();
    }

    /** A newer model from the shared cache, else one trained here under the lock; false when nothing newer came. */
    private boolean refresh(String customerId, ShipmentModel current, long started) {
        Optional<ShipmentModel> newer = store.stored(customerId).filter(model -> model.trainedAt().isAfter(current.trainedAt()));
        if (newer.isPresent()) {
            store.hold(newer.get(), ModelSource.REDIS, started);
            return true;
        }
        Optional<SharedModelCache.TrainingLock> lock = shared.tryLock(customerId, locks.ttl());
        if (lock.isEmpty()) {
            // another instance is refreshing: take its model as soon as it is stored, so the instances change
            // models together (waiting for the next retry could outlast the old model's soft age again)
            LockFollower.Followed followed = follower.follow(customerId,
                    model -> model.trainedAt().isAfter(current.trainedAt()), System.nanoTime() + lockWait.toNanos());
            followed.model().ifPresent(model -> store.hold(model, ModelSource.REDIS, started));
            return followed.model().isPresent();
        }
        try (LockKeeper.Kept kept = locks.keep(lock.get(), customerId)) {
            newer = store.stored(customerId).filter(model -> model.trainedAt().isAfter(current.trainedAt()));
            store.hold(newer.isPresent() ? newer.get() : training.train(customerId), ModelSource.TRAINED, started);
            shared.markUsed(customerId);
            return true;
        }
    }
}
