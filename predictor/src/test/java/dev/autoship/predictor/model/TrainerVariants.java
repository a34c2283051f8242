package dev.autoship.predictor.model;

import java.util.List;

/** The trainer variants measured for issue 20 (item 4) by {@link ValidationEvaluation#compareVariants}. */
final class TrainerVariants {

    private TrainerVariants() {
    }

    static List<ValidationEvaluation.Variant> all() {
        return List.of(
                new ValidationEvaluation.Variant("shipped: 30 trees, depth 10, 64 bins, 500 per tree, + day",
                        ShipmentModelTrainer::standard, false),
                new ValidationEvaluation.Variant("small customers train on all 120 days",
                        ShipmentModelTrainer::standard, true));
    }
}
