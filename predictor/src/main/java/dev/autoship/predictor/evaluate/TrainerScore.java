package dev.autoship.predictor.evaluate;

import dev.autoship.predictor.model.ConfidenceTally;
import dev.autoship.predictor.model.ModelValidation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One trainer's answers on the later orders of every evaluated customer, and what its trainings cost. */
final class TrainerScore {

    private final Map<Double, int[]> byConfidence = new TreeMap<>();
    private int answers;
    private int right;
    private int autoShipped;
    private int autoShippedRight;
    private int customers;
    private final List<Long> trainNanos = new ArrayList<>();
    private final List<Integer> modelBytes = new ArrayList<>();

    void customer(long trainingNanos, int bytes) {
        customers++;
        trainNanos.add(trainingNanos);
        modelBytes.add(bytes);
    }

    void answer(double confidence, boolean correct, boolean autoShip) {
        int[] tally = byConfidence.computeIfAbsent(confidence, c -> new int[2]);
        tally[0]++;
        answers++;
        if (correct) {
            tally[1]++;
            right++;
        }
        if (autoShip) {
            autoShipped++;
            autoShippedRight += correct ? 1 : 0;
        }
    }

    int customers() {
        return customers;
    }

    int answers() {
        return answers;
    }

    double accuracy() {
        return answers == 0 ? Double.NaN : right / (double) answers;
    }

    double calibrationError() {
        List<ConfidenceTally> tallies = new ArrayList<>();
        byConfidence.forEach((confidence, tally) -> tallies.add(new ConfidenceTally(confidence, tally[0], tally[1])));
        return tallies.isEmpty() ? Double.NaN : new ModelValidation(tallies).calibrationError();
    }

    /** Share of auto-shipped answers that were right; NaN when none auto-shipped. */
    double autoShipPrecision() {
        return autoShipped == 0 ? Double.NaN : autoShippedRight / (double) autoShipped;
    }

    /** Share of answers that auto-shipped. */
    double autoShipCoverage() {
        return answers == 0 ? 0 : autoShipped / (double) answers;
    }

    double medianTrainMillis() {
        return median(trainNanos.stream().mapToDouble(n -> n / 1e6).toArray());
    }

    double medianModelBytes() {
        return median(modelBytes.stream().mapToDouble(Integer::doubleValue).toArray());
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(values);
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}
