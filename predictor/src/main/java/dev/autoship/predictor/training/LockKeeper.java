package dev.autoship.predictor.training;

import dev.autoship.predictor.cache.SharedModelCache.TrainingLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps training locks alive while their holder works: each kept lock is extended to its full time to live
 * every third of it, so a lock outlives its holder by at most one TTL, while a long training never loses
 * it. Closing a kept lock releases it; closing the keeper (at shutdown) releases every lock still kept.
 */
public final class LockKeeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LockKeeper.class);

    private final Duration ttl;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "training-lock-keeper");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Kept> kept = ConcurrentHashMap.newKeySet();
    private final AtomicLong lostLocks = new AtomicLong();

    public LockKeeper(Duration ttl) {
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * Starts extending the customer's lock; close the result to stop and release it (on every path). An extension
     * that finds the lock lost (it expired, e.g. after a long pause of this process, and another instance may
     * have taken it) stops the extensions, is logged and counted, and shows in {@link Kept#lost()}: the holder
     * finishes its work, and another instance may train the same customer meanwhile.
     */
    public Kept keep(TrainingLock lock, String customerId) {
        Kept handle = new Kept(lock);
        long every = Math.max(1, ttl.toMillis() / 3);
        handle.extension = timer.scheduleWithFixedDelay(() -> {
            if (!handle.lost && !lock.extend(ttl)) {
                handle.lost = true;
                lostLocks.incrementAndGet();
                LOG.warn("Lost the training lock of customer '{}' (it expired and may have been taken by another "
                        + "instance); finishing this training, another instance may train the same customer", customerId);
                handle.extension.cancel(false);
            }
        }, every, every, TimeUnit.MILLISECONDS);
        kept.add(handle);
        return handle;
    }

    /** Locks found lost while being kept, since start. */
    public long lostLocks() {
        return lostLocks.get();
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
        private volatile boolean lost;

        private Kept(TrainingLock lock) {
            this.lock = lock;
        }

        /** Whether an extension found the lock lost. */
        public boolean lost() {
            return lost;
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
