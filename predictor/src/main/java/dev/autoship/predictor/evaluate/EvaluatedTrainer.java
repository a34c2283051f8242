package dev.autoship.predictor.evaluate;

import dev.autoship.predictor.model.HistogramForestTrainer;
import dev.autoship.predictor.model.ShipmentModelTrainer;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/** The trainers {@code evaluate} can compare, by the name its {@code --trainers} option takes. */
enum EvaluatedTrainer {
    /** The predictor's own forest, as it serves. */
    FOREST(() -> new HistogramForestTrainer(ShipmentModelTrainer.standardShape())),
    /** One Tribuo CART tree of the forest's depth, every feature tried at each split. */
    TRIBUO_CART(() -> new CARTClassificationTrainer(ShipmentModelTrainer.standardShape().maxDepth())),
    /** Tribuo's logistic regression (AdaGrad, 5 epochs) on the same, unscaled, features. */
    TRIBUO_LOGISTIC(LogisticRegressionTrainer::new);

    private final Supplier<Trainer<Label>> trainer;

    EvaluatedTrainer(Supplier<Trainer<Label>> trainer) {
        this.trainer = trainer;
    }

    String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    Trainer<Label> trainer() {
        return trainer.get();
    }

    static EvaluatedTrainer named(String name) {
        return Arrays.stream(values()).filter(t -> t.cliName().equals(name.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown trainer '" + name.trim() + "'; known: "
                        + String.join(", ", Arrays.stream(values()).map(EvaluatedTrainer::cliName).toList())));
    }
}
