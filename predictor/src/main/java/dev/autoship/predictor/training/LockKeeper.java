package dev.autoship.predictor.training;

import dev.autoship.predictor.cache.SharedModelCache.TrainingLock;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps training locks alive while their holder works: each kept lock is extended to its full time to live
 * every third of it, so a lock outlives its holder by at most one TTL, while a long training never loses
 * it. Closing a kept lock releases it; closing the keeper (at shutdown) releases every lock still kept.
 */
public final class LockKeeper implements AutoCloseable {

    private final Duration ttl;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "training-lock-keeper");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Kept> kept = ConcurrentHashMap.newKeySet();

    public LockKeeper(Duration ttl) {
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    /** Starts extending the lock; close the result to stop and release it (on every path). */
    public Kept keep(TrainingLock lock) {
        Kept handle = new Kept(lock);
        long every = Math.max(1, ttl.toMillis() / 3);
        handle.extension = timer.scheduleWithFixedDelay(() -> lock.extend(ttl), every, every, TimeUnit.MILLISECONDS);
        kept.add(handle);
        return handle;
    }

    @Override
    public void close() {
        for (Kept handle : kept) {
            handle.close();
        }
        timer.shutdownNow();
    }

    /** A lock being kept; {@link #close()} stops extending and releases it. */
    public final class Kept implements AutoCloseable {
        private final TrainingLock lock;
        private volatile ScheduledFuture<?> extension;

        private Kept(TrainingLock lock) {
            this.lock = lock;
        }

        @Override
        public void close() {
            if (kept.remove(this)) {
                extension.cancel(false);
                lock.release();
            }
        }
    }
}
