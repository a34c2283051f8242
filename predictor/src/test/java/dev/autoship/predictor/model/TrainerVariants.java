package dev.autoship.predictor.model;

import java.time.Clock;
import java.util.List;

/** The trainer variants measured for issue 20 (item 4) by {@link ValidationEvaluation#compareVariants}. */
final class TrainerVariants {

    private TrainerVariants() {
    }

    static List<ValidationEvaluation.Variant> all() {
        ForestShape before = new ForestShape(30, 10, 0.5f, 64, 500, 1L);
        List<ValidationEvaluation.Variant> all = new java.util.ArrayList<>(categoryShares());
        all.addAll(List.of(
                new ValidationEvaluation.Variant("small customers (< 300 in 90 days) also train on older shipments (120 days)",
                        ShipmentModelTrainer::standard, true),
                variant("recency-weighted bootstrap, half-life 15 days", new ForestShape(30, 10, 0.5f, 64, 500, 1L, 15)),
                variant("recency-weighted bootstrap, half-life 30 days", new ForestShape(30, 10, 0.5f, 64, 500, 1L, 30)),
                variant("recency-weighted bootstrap, half-life 60 days", new ForestShape(30, 10, 0.5f, 64, 500, 1L, 60)),
                variant("60 trees", new ForestShape(60, 10, 0.5f, 64, 500, 1L)),
                variant("depth 14", new ForestShape(30, 14, 0.5f, 64, 500, 1L)),
                variant("70% of the features per split", new ForestShape(30, 10, 0.7f, 64, 500, 1L)),
                variant("30% of the features per split", new ForestShape(30, 10, 0.3f, 64, 500, 1L)),
                variant("at least 3 rows per leaf", before.withMinLeafRows(3)),
                variant("at least 5 rows per leaf", before.withMinLeafRows(5)),
                variant("at least 10 rows per leaf", before.withMinLeafRows(10)),
                variant("random thresholds (extra-trees style)", before.withRandomThresholds()),
                variant("random thresholds, 70% of the features", new ForestShape(30, 10, 0.7f, 64, 500, 1L).withRandomThresholds()),
                variant("60 trees under 500 shipments", before.withSmallHistoryTrees(60)),
                variant("100 trees under 500 shipments", before.withSmallHistoryTrees(100)),
                variant("depth at most log2(sample size)", before.withDepthByHistory())));
        return all;
    }

    /** The shipped trainer and the one before category shares ({@code -Dexec.args="variants shares"}). */
    static List<ValidationEvaluation.Variant> categoryShares() {
        return List.of(
                new ValidationEvaluation.Variant("shipped: 30 trees, depth 10, half the features, 64 bins, 500 per tree, + day, + category shares",
                        ShipmentModelTrainer::standard, false),
                variant("without category shares (before)", ShipmentModelTrainer.standardShape()));
    }

    /** The variants timed by {@link ValidationEvaluation#compareTrainingTimes} (those that train on the same history). */
    static List<ValidationEvaluation.Variant> timed() {
        List<ValidationEvaluation.Variant> timed = new java.util.ArrayList<>(
                all().stream().filter(v -> !v.extendSmallWindows()).toList());
        timed.add(1, new ValidationEvaluation.Variant("shipped forest, validated only from 148 shipments (before)",
                (Clock clock) -> ShipmentModelTrainer.standard(clock)
                        .validatingWith(new TimeSplitValidation(TimeSplitValidation.VALIDATION_SHARE, Integer.MAX_VALUE)), false));
        return timed;
    }

    /** A forest on the features before category shares (what the earlier variants were measured on). */
    private static ValidationEvaluation.Variant variant(String name, ForestShape shape) {
        return new ValidationEvaluation.Variant(name,
                (Clock clock) -> new ShipmentModelTrainer(shape, new OrderFeatures(true), clock), false);
    }
}
