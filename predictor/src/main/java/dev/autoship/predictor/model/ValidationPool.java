package dev.autoship.predictor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validation answers of every validated model an instance holds, pooled by confidence: what a forest's
 * confidence has meant across customers. One customer's 30–150 validation answers rarely bound a precision near the
 * target; the pool's thousands do, and {@link AutoShipRule#threshold(List, List)} lets each model rest its threshold
 * on them as long as its own answers do not contradict it. The holder of the models (the memory tier) adds and
 * removes them; readers get an immutable snapshot, a new one after every change.
 */
public final class ValidationPool {

    private final Map<Double, int[]> byConfidence = new TreeMap<>();
    private volatile List<ConfidenceTally> snapshot = List.of();

    /** A model now held; one without a validation, or of a history too small to pool, adds nothing. */
    public void add(ShipmentModel model) {
        if (TimeSplitValidation.pooled(model.examples())) {
            model.validation().ifPresent(this::add);
        }
    }

    /** A model no longer held. */
    public void remove(ShipmentModel model) {
        if (TimeSplitValidation.pooled(model.examples())) {
            model.validation().ifPresent(validation -> change(validation, -1));
        }
    }

    /** A validation to pool (one of a model evaluated outside the predictor, say; see {@link TimeSplitValidation#pooled}). */
    public void add(ModelValidation validation) {
        change(validation, 1);
    }

    /** The pooled answers by confidence, ascending; the same instance until the pool next changes. */
    public List<ConfidenceTally> tallies() {
        return snapshot;
    }

    /** Validation answers in the pool. */
    public int answers() {
        return snapshot.stream().mapToInt(ConfidenceTally::answers).sum();
    }

    private synchronized void change(ModelValidation validation, int sign) {
        for (ConfidenceTally tally : validation.tallies()) {
            int[] counts = byConfidence.computeIfAbsent(tally.confidence(), c -> new int[2]);
            counts[0] += sign * tally.answers();
            counts[1] += sign * tally.right();
            if (counts[0] <= 0) {
                byConfidence.remove(tally.confidence());
            }
        }
        List<ConfidenceTally> tallies = new ArrayList<>(byConfidence.size());
        byConfidence.forEach((confidence, counts) -> tallies.add(new ConfidenceTally(confidence, counts[0], counts[1])));
        snapshot = List.copyOf(tallies);
    }
}
