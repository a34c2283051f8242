package dev.autoship.predictor.outcome;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * When a model has drifted: its live accuracy, over at least {@code minOutcomes} resolved predictions, is more
 * than {@code tolerance} (absolute) below its validation accuracy.
 */
record DriftPolicy(int minOutcomes, double tolerance) {

    /** The numbers of a drift, for the log line that reports it. */
    record Drift(double liveAccuracy, long resolved, double validationAccuracy) {
    }

    Optional<Drift> test(Tally live, OptionalDouble validationAccuracy) {
        if (live.resolved() < minOutcomes || validationAccuracy.isEmpty() || live.accuracy().isEmpty()) {
            return Optional.empty();
        }
        double accuracy = live.accuracy().getAsDouble();
        return validationAccuracy.getAsDouble() - accuracy > tolerance
                ? Optional.of(new Drift(accuracy, live.resolved(), validationAccuracy.getAsDouble()))
                : Optional.empty();
    }
}
