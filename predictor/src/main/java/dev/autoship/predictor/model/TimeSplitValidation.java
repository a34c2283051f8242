package dev.autoship.predictor.model;

import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Validates a customer's model as it will be used, on the future: a model trained with the same trainer on the older
 * part of the window answers the newest {@value #VALIDATION_SHARE} of it (Tribuo's {@link LabelEvaluator}); the
 * served model is then trained on the whole window. Chosen over the forest's out-of-bag votes by measurement
 * (predictor/README.md): out-of-bag rows have their own days and neighbours in training, later orders do not.
 * Fewer than {@value #MIN_EXAMPLES} newest shipments validate nothing: the model serves without a validation.
 */
public final class TimeSplitValidation {

    public static final double VALIDATION_SHARE = 0.2;
    public static final int MIN_EXAMPLES = 30;
    /** The older part trains on at least this many shipments, or nothing is validated. */
    public static final int MIN_TRAINING = Integer.MAX_VALUE;

    private final LabelEvaluator evaluator = new LabelEvaluator();
    private final double share;
    private final int minTraining;

    /** The rule the predictor validates with. */
    public TimeSplitValidation() {
        this(VALIDATION_SHARE, MIN_TRAINING);
    }

    /**
     * @param share       share of the window, newest first, validated on (at least {@value #MIN_EXAMPLES} shipments)
     * @param minTraining fewest older shipments the validation forest trains on; {@code Integer.MAX_VALUE}: validate
     *                    only windows whose {@code share} alone reaches {@value #MIN_EXAMPLES}
     */
    TimeSplitValidation(double share, int minTraining) {
        this.share = share;
        this.minTraining = minTraining;
    }

    /** How many of {@code size} newest-first shipments are validated on (0: too few to validate). */
    int validationSize(int size) {
        int newest = (int) Math.round(size * share);
        if (newest >= MIN_EXAMPLES) {
            return newest;
        }
        return size - MIN_EXAMPLES >= minTraining ? MIN_EXAMPLES : 0;
    }

    /** @param all the whole window, newest first */
    public Optional<ModelValidation> validate(ShipmentDataset all, Trainer<Label> trainer) {
        int newest = validationSize(all.size());
        if (newest == 0) {
            return Optional.empty();
        }
        HistoryProvenance whole = all.getSourceProvenance();
        ShipmentDataset validation = all.slice(0, newest, part(whole, "newest", newest));
        ShipmentDataset training = all.slice(newest, all.size(), part(whole, "older", all.size() - newest));
        Model<Label> model = trainer.train(training);
        return Optional.of(validation(evaluator.evaluate(model, validation)));
    }

    private static HistoryProvenance part(HistoryProvenance whole, String which, int examples) {
        return new HistoryProvenance(whole.source() + " (" + which + " part)", whole.customerId(), whole.windowStart(),
                whole.windowEnd(), examples);
    }

    /** The evaluation's answers tallied by confidence. */
    static ModelValidation validation(LabelEvaluation evaluation) {
        Map<Double, int[]> byConfidence = new TreeMap<>();
        for (Prediction<Label> prediction : evaluation.getPredictions()) {
            Label answer = prediction.getOutput();
            int[] tally = byConfidence.computeIfAbsent(answer.getScore(), c -> new int[2]);
            tally[0]++;
            if (answer.getLabel().equals(prediction.getExample().getOutput().getLabel())) {
                tally[1]++;
            }
        }
        List<ConfidenceTally> tallies = new ArrayList<>(byConfidence.size());
        byConfidence.forEach((confidence, tally) -> tallies.add(new ConfidenceTally(confidence, tally[0], tally[1])));
        return new ModelValidation(tallies);
    }
}
