package dev.autoship.predictor.cache;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A model cache shared by every predictor instance (Redis in production). Implementations never throw
 * for an unreachable store: reads then find nothing, writes are skipped, and locks are granted, so a
 * predictor keeps answering on its own.
 */
public interface SharedModelCache extends AutoCloseable {

    Optional<byte[]> get(String customerId);

    void put(String customerId, byte[] model, Duration ttl);

    void delete(String customerId);

    /**
     * Asks for the right to train this customer's model for {@code ttl} (extended while the holder works).
     * A lock left behind by this same instance (its release failed) is taken over: an instance never waits
     * for itself.
     *
     * @return the lock, or empty when another instance is training the customer right now
     */
    Optional<TrainingLock> tryLock(String customerId, Duration ttl);

    /** Whether some instance holds the customer's training lock now (a waiter follows the holder while it does). */
    boolean isLocked(String customerId);

    /** Notes that the customer's model was just used, in the cache's recency index (for warm starts). */
    default void markUsed(String customerId) {
    }

    /** The customers whose models were used most recently, most recent first, at most {@code max}. */
    default List<String> recentlyUsed(int max) {
        return List.of();
    }

    /**
     * Calls {@code listener} with every customer whose model an instance sharing this cache deletes (this one
     * included), for as long as the cache is open, so that no instance keeps serving a deleted model from its
     * memory. Deletions made while this instance could not listen (an outage, a failover) are delivered once it
     * listens again.
     */
    default void onDeleted(java.util.function.Consumer<String> listener) {
    }

    /** Whether {@link #put} keeps anything; when not, a model need not be serialized for it. */
    default boolean keepsModels() {
        return true;
    }

    @Override
    default void close() {
    }

    /** Held while training; released when the model is stored (or training failed). */
    interface TrainingLock {
        /** The lock of a cache that is not shared, or unreachable: nobody else can coordinate, so it always holds. */
        TrainingLock UNSHARED = new TrainingLock() {
            @Override
            public boolean extend(Duration ttl) {
                return true;
            }

            @Override
            public void release() {
            }
        };

        /** Keeps the lock for another {@code ttl}; false when it was lost (expired and taken, or deleted). */
        boolean extend(Duration ttl);

        void release();
    }

    /** No shared tier: every instance trains for itself (embedded mode). */
    static SharedModelCache none() {
        return new SharedModelCache() {
            @Override
            public Optional<byte[]> get(String customerId) {
                return Optional.empty();
            }

            @Override
            public void put(String customerId, byte[] model, Duration ttl) {
            }

            @Override
            public boolean keepsModels() {
                return false;
            }

            @Override
            public void delete(String customerId) {
            }

            @Override
            public Optional<TrainingLock> tryLock(String customerId, Duration ttl) {
                return Optional.of(TrainingLock.UNSHARED);
            }

            @Override
            public boolean isLocked(String customerId) {
                return false;
            }
        };
    }
}
