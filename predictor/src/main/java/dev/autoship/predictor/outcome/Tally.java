package dev.autoship.predictor.outcome;

import java.util.OptionalDouble;

/**
 * Outcome counts of a set of logged predictions: resolved (the order's shipment arrived), matched (it went out as
 * predicted), and the same for the auto-shipped answers among them.
 */
public record Tally(long resolved, long matched, long autoShipResolved, long autoShipMatched) {

    public static final Tally NONE = new Tally(0, 0, 0, 0);

    /** One resolved prediction. */
    static Tally of(boolean matched, boolean autoShip) {
        return new Tally(1, matched ? 1 : 0, autoShip ? 1 : 0, autoShip && matched ? 1 : 0);
    }

    Tally plus(Tally other) {
        return new Tally(resolved + other.resolved, matched + other.matched, autoShipResolved + other.autoShipResolved,
                autoShipMatched + other.autoShipMatched);
    }

    /** Share of the resolved predictions that matched; empty when none is resolved. */
    public OptionalDouble accuracy() {
        return resolved == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) matched / resolved);
    }
}
