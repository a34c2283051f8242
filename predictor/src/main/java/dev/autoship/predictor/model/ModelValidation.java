package dev.autoship.predictor.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How right a model was on shipments it did not learn from, measured before it serves: a model of the same shape
 * trained on the older part of the customer's window answered its newest {@link TimeSplitValidation#VALIDATION_SHARE}
 * (see {@link TimeSplitValidation}). Held as tallies per confidence, from which everything else derives.
 *
 * @param tallies validation answers by confidence, ascending
 */
public record ModelValidation(List<ConfidenceTally> tallies) {

    /** Edges of the confidence bands reported; the last band is unanimous forests only. */
    static final double[] BAND_EDGES = {0, 0.6, 0.8, 0.9, 1.0};
    private static final int CALIBRATION_BINS = 10;

    public ModelValidation {
        tallies = tallies.stream().sorted(Comparator.comparingDouble(ConfidenceTally::confidence)).toList();
        if (tallies.isEmpty()) {
            throw new IllegalArgumentException("a validation needs answers");
        }
    }

    /** Validation answers. */
    public int examples() {
        return tallies.stream().mapToInt(ConfidenceTally::answers).sum();
    }

    /** Share of validation answers that were the shipment the customer used. */
    public double accuracy() {
        return tallies.stream().mapToInt(ConfidenceTally::right).sum() / (double) examples();
    }

    /**
     * Expected calibration error: over 10 equal-width confidence bins, the mean |confidence − accuracy| weighted by
     * the share of answers in the bin (0 = every confidence is the observed accuracy).
     */
    public double calibrationError() {
        double[] confidence = new double[CALIBRATION_BINS];
        int[] answers = new int[CALIBRATION_BINS];
        int[] right = new int[CALIBRATION_BINS];
        for (ConfidenceTally tally : tallies) {
            int bin = Math.min(CALIBRATION_BINS - 1, (int) (tally.confidence() * CALIBRATION_BINS));
            confidence[bin] += tally.confidence() * tally.answers();
            answers[bin] += tally.answers();
            right[bin] += tally.right();
        }
        double error = 0;
        for (int bin = 0; bin < CALIBRATION_BINS; bin++) {
            if (answers[bin] > 0) {
                error += Math.abs(confidence[bin] - right[bin]);
            }
        }
        return error / examples();
    }

    /** Accuracy by confidence band: [0, 0.6), [0.6, 0.8), [0.8, 0.9), [0.9, 1.0), [1.0, 1.0]. */
    public List<ConfidenceBand> bands() {
        List<ConfidenceBand> bands = new ArrayList<>(BAND_EDGES.length);
        for (int band = 0; band < BAND_EDGES.length; band++) {
            double from = BAND_EDGES[band];
            boolean last = band == BAND_EDGES.length - 1;
            double to = last ? 1.0 : BAND_EDGES[band + 1];
            int answers = 0;
            int right = 0;
            for (ConfidenceTally tally : tallies) {
                if (tally.confidence() >= from && (last ? tally.confidence() <= to : tally.confidence() < to)) {
                    answers += tally.answers();
                    right += tally.right();
                }
            }
            bands.add(new ConfidenceBand(from, to, answers, answers == 0 ? Double.NaN : right / (double) answers));
        }
        return List.copyOf(bands);
    }
}
