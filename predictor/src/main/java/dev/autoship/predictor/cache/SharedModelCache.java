package dev.autoship.predictor.cache;

import java.time.Duration;
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
     * Asks for the right to train this customer's model for at most {@code ttl}.
     *
     * @return the lock, or empty when another instance is training the customer right now
     */
    Optional<TrainingLock> tryLock(String customerId, Duration ttl);

    /** Whether {@link #put} keeps anything; when not, a model need not be serialized for it. */
    default boolean keepsModels() {
        return true;
    }

    @Override
    default void close() {
    }

    /** Held while training; released when the model is stored (or training failed). */
    interface TrainingLock {
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
                return Optional.of(() -> { });
            }
        };
    }
}
