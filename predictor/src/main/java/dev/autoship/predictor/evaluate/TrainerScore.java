package dev.autoship.predictor.evaluate;

import dev.autoship.predictor.model.AutoShipRule;
import dev.autoship.predictor.model.ConfidenceTally;
import dev.autoship.predictor.model.ModelValidation;
import dev.autoship.predictor.model.ValidationPool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One trainer's answers on the later orders of every evaluated customer, and what its trainings cost. Auto-ship is
 * decided as the predictor decides it once it holds all these customers' models: each threshold may rest on their
 * validations pooled ({@link AutoShipRule#threshold(List, List)}), so it is decided after the last customer.
 */
final class TrainerScore {

    /** @param mayAutoShip false where the answer rests on a value the order did not give, as the predictor decides */
    private record Later(double confidence, boolean correct, boolean mayAutoShip) {
    }

    private record Customer(Optional<ModelValidation> validation, boolean pooled, List<Later> later) {
    }

    private final AutoShipRule rule;
    private final Map<Double, int[]> byConfidence = new TreeMap<>();
    private final List<Customer> scored = new ArrayList<>();
    private int answers;
    private int right;
    private final List<Long> trainNanos = new ArrayList<>();
    private final List<Integer> modelBytes = new ArrayList<>();

    TrainerScore(AutoShipRule rule) {
        this.rule = rule;
    }

    /**
     * A customer's model, before its answers ({@link #answer}).
     *
     * @param pooled whether its validation joins the pool the others' thresholds may rest on, as in the predictor
     */
    void customer(long trainingNanos, int bytes, Optional<ModelValidation> validation, boolean pooled) {
        trainNanos.add(trainingNanos);
        modelBytes.add(bytes);
        scored.add(new Customer(validation, pooled, new ArrayList<>()));
    }

    /**
     * The last customer's model's answer to one of its later orders.
     *
     * @param mayAutoShip whether the predictor would auto-ship it at a confidence reaching the threshold (not where it
     *                    rests on a value the order did not give: {@link dev.autoship.predictor.model.ShipmentModel#restsOnAbsentValue})
     */
    void answer(double confidence, boolean correct, boolean mayAutoShip) {
        int[] tally = byConfidence.computeIfAbsent(confidence, c -> new int[2]);
        tally[0]++;
        answers++;
        if (correct) {
            tally[1]++;
            right++;
        }
        scored.getLast().later().add(new Later(confidence, correct, mayAutoShip));
    }

    int customers() {
        return scored.size();
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
        int[] shipped = autoShipped();
        return shipped[0] == 0 ? Double.NaN : shipped[1] / (double) shipped[0];
    }

    /** Share of answers that auto-shipped. */
    double autoShipCoverage() {
        return answers == 0 ? 0 : autoShipped()[0] / (double) answers;
    }

    /** Answers auto-shipped, and how many of them were right. */
    private int[] autoShipped() {
        ValidationPool pool = new ValidationPool();
        scored.stream().filter(Customer::pooled).forEach(customer -> customer.validation().ifPresent(pool::add));
        int[] shipped = new int[2];
        for (Customer customer : scored) {
            OptionalDouble threshold = customer.validation()
                    .map(v -> rule.threshold(v.tallies(), pool.tallies())).orElse(OptionalDouble.empty());
            for (Later later : customer.later()) {
                if (threshold.isPresent() && later.mayAutoShip() && later.confidence() >= threshold.getAsDouble()) {
                    shipped[0]++;
                    shipped[1] += later.correct() ? 1 : 0;
                }
            }
        }
        return shipped;
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
