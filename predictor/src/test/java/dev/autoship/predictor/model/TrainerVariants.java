package dev.autoship.predictor.model;

import java.time.Clock;
import java.util.List;

/** The trainer variants measured for issue 20 (item 4) by {@link ValidationEvaluation#compareVariants}. */
final class TrainerVariants {

    private TrainerVariants() {
    }

    static List<ValidationEvaluation.Variant> all() {
        return List.of(
                new ValidationEvaluation.Variant("shipped before: 30 trees, depth 10, 64 bins, 500 per tree, + day",
                        ShipmentModelTrainer::standard, false),
                new ValidationEvaluation.Variant("small customers (< 300 in 90 days) also train on older shipments (120 days)",
                        ShipmentModelTrainer::standard, true),
                variant("recency-weighted bootstrap, half-life 15 days", new ForestShape(30, 10, 0.5f, 64, 500, 1L, 15)),
                variant("recency-weighted bootstrap, half-life 30 days", new ForestShape(30, 10, 0.5f, 64, 500, 1L, 30)),
                variant("recency-weighted bootstrap, half-life 60 days", new ForestShape(30, 10, 0.5f, 64, 500, 1L, 60)),
                variant("60 trees", new ForestShape(60, 10, 0.5f, 64, 500, 1L)),
                variant("depth 14", new ForestShape(30, 14, 0.5f, 64, 500, 1L)),
                variant("70% of the features per split", new ForestShape(30, 10, 0.7f, 64, 500, 1L)));
    }

    private static ValidationEvaluation.Variant variant(String name, ForestShape shape) {
        return new ValidationEvaluation.Variant(name,
                (Clock clock) -> new ShipmentModelTrainer(shape, ShipmentModelTrainer.standardFeatures(), clock), false);
    }
}
