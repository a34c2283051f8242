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
 * part of the window answers the newest {@value #VALIDATION_SHARE} of it, at least {@value #MIN_EXAMPLES} shipments
 * (Tribuo's {@link LabelEvaluator}); the served model is then trained on the whole window. Chosen over the forest's
 * out-of-bag votes by measurement (predictor/README.md): out-of-bag rows have their own days and neighbours in
 * training, later orders do not. A window too small to leave {@value #MIN_TRAINING} older shipments beside
 * {@value #MIN_EXAMPLES} newest ones (under {@value #MIN_HISTORY}) validates nothing: the model serves without a
 * validation. Windows whose newest share alone falls short of {@value #MIN_EXAMPLES} (under {@value #MIN_POOLED_HISTORY})
 * are validated on their newest {@value #MIN_EXAMPLES}, but by a forest that learnt from much less than the served
 * one, so their validations are not pooled ({@link #pooled}).
 */
public final class TimeSplitValidation {

    public static final double VALIDATION_SHARE = 0.2;
    public static final int MIN_EXAMPLES = 30;
    /** The older part trains on at least this many shipments, or nothing is validated. */
    public static final int MIN_TRAINING = 50;
    /** The smallest history validated. */
    public static final int MIN_HISTORY = MIN_EXAMPLES + MIN_TRAINING;
    /** The smallest history whose newest {@link #VALIDATION_SHARE} alone is {@value #MIN_EXAMPLES} shipments. */
    public static final int MIN_POOLED_HISTORY = 148;

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

    /**
     * Whether the validation of a model trained on {@code historySize} shipments may stand in the pool other models'
     * thresholds rest on: measured (predictor/README.md), validations of smaller histories are more pessimistic than
     * the rest and pooling them lowered what every model auto-ships.
     */
    public static boolean pooled(int historySize) {
        return historySize >= MIN_POOLED_HISTORY;
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
        ShipmentDataset.Split split = all.splitAt(newest, part(whole, "newest", newest),
                part(whole, "older", all.size() - newest));
        Model<Label> model = trainer.train(split.older());
        return Optional.of(validation(evaluator.evaluate(model, split.newest())));
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
