package dev.autoship.predictor.outcome;

import dev.autoship.predictor.cache.SharedModelCache.TrainingLock;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Outcome states in process memory: without Redis, each instance knows only its own. */
public final class InProcessOutcomeStore implements OutcomeStore {

    private final Map<String, Versioned> states = new ConcurrentHashMap<>();

    @Override
    public Optional<Versioned> read(String customerId) {
        return Optional.of(states.getOrDefault(customerId, new Versioned(0, OutcomeState.EMPTY)));
    }

    @Override
    public boolean replace(String customerId, long version, OutcomeState next) {
        boolean[] replaced = {false};
        states.compute(customerId, (id, current) -> {
            long currentVersion = current == null ? 0 : current.version();
            if (currentVersion != version) {
                return current;
            }
            replaced[0] = true;
            return new Versioned(version + 1, next);
        });
        return replaced[0];
    }

    @Override
    public Optional<TrainingLock> tryLock(String customerId, Duration ttl) {
        return Optional.of(TrainingLock.UNSHARED);
    }
}
