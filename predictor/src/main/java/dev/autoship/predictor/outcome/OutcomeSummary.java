package dev.autoship.predictor.outcome;

import java.time.Instant;

/**
 * A model's outcomes as {@code GET /v1/models/{customerId}} shows them: those of the predictions of the current
 * model (its generation), and over the last seven days across generations.
 *
 * @param accuracy  matched / resolved; null while nothing is resolved
 * @param last7Days the same counts for the shipments of the last seven days, whichever model predicted them
 * @param checkedAt when the shipments were last joined with the predictions; null before the first time
 */
public record OutcomeSummary(long predictions, long resolved, long matched, Double accuracy, long autoShipResolved,
                             long autoShipMatched, Window last7Days, String checkedAt) {

    /** Counts of one span of predictions. */
    public record Window(long predictions, long resolved, long matched, Double accuracy, long autoShipResolved,
                         long autoShipMatched) {

        static Window of(long predictions, Tally tally) {
            return new Window(predictions, tally.resolved(), tally.matched(),
                    tally.accuracy().isPresent() ? tally.accuracy().getAsDouble() : null,
                    tally.autoShipResolved(), tally.autoShipMatched());
        }
    }

    static OutcomeSummary of(OutcomeState state, Instant modelTrainedAt, Instant now) {
        OutcomeState.Generation generation = state.generation(modelTrainedAt);
        Window current = Window.of(generation.predictions(), generation.outcomes());
        return new OutcomeSummary(current.predictions(), current.resolved(), current.matched(), current.accuracy(),
                current.autoShipResolved(), current.autoShipMatched(),
                Window.of(state.predictionsInWindow(), state.inWindow(now)),
                state.checkedAt().map(Instant::toString).orElse(null));
    }
}
