package dev.autoship.predictor.lifecycle;

import dev.autoship.predictor.cache.SharedModelCache;
import dev.autoship.predictor.model.ShipmentModel;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Waits while another instance holds a customer's training lock, for the model it will store. The wait is
 * bounded by a deadline of the waiter's own: a holder that died keeps its lock until it expires, and a holder
 * whose training queue is long may hold it much longer, but no request waits for either past its deadline.
 */
final class LockFollower {

    /** How a wait for the holder ended. */
    enum Ending { STORED, LOCK_ENDED, DEADLINE, INTERRUPTED }

    record Followed(Optional<ShipmentModel> model, Ending ending) {
    }

    private final SharedModelCache shared;
    private final ModelStore store;
    private final Duration poll;

    LockFollower(SharedModelCache shared, ModelStore store, Duration poll) {
        this.shared = shared;
        this.store = store;
        this.poll = poll;
    }

    /**
     * Polls until a stored model that is {@code wanted} appears, the lock ends without one, or
     * {@code deadlineNanos} (a {@link System#nanoTime()}) passes.
     */
    Followed follow(String customerId, Predicate<ShipmentModel> wanted, long deadlineNanos) {
        while (true) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return new Followed(Optional.empty(), Ending.DEADLINE);
            }
            try {
                Thread.sleep(Math.min(poll.toMillis(), Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Followed(Optional.empty(), Ending.INTERRUPTED);
            }
            boolean locked = shared.isLocked(customerId);
            Optional<ShipmentModel> found = store.stored(customerId).filter(wanted);
            if (found.isPresent()) {
                return new Followed(found, Ending.STORED);
            }
            if (!locked) {
                return new Followed(Optional.empty(), Ending.LOCK_ENDED);
            }
        }
    }
}
