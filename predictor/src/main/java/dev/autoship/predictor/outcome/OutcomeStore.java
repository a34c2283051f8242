package dev.autoship.predictor.outcome;

import dev.autoship.predictor.cache.SharedModelCache.TrainingLock;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the customers' outcome states live: Redis, shared by every instance, or process memory when there is no
 * Redis. Writes are conditional on the version read, so outcomes are counted once however many instances join
 * the same shipments.
 */
public interface OutcomeStore extends AutoCloseable {

    /** The customer's state and its version ({@link OutcomeState#EMPTY} at version 0 when none); empty when unreadable now. */
    Optional<Versioned> read(String customerId);

    /** Stores {@code next} if the state is still at {@code version}; false when another instance wrote first, or on failure. */
    boolean replace(String customerId, long version, OutcomeState next);

    /**
     * The right to join the customer's outcomes now (one instance at a time); empty when another instance holds it.
     * The holder keeps it alive while it works (see {@link dev.autoship.predictor.training.LockKeeper}).
     */
    Optional<TrainingLock> tryLock(String customerId, Duration ttl);

    @Override
    default void close() {
    }

    record Versioned(long version, OutcomeState state) {
    }
}
