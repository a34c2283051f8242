package dev.autoship.predictor.outcome;

import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.model.ShipmentPrediction;

import java.util.OptionalDouble;

/**
 * What the outcome loop needs to know of a model's validation: its validation accuracy (what live accuracy is
 * held to) and whether one of its answers is auto-shipped. {@link #VALIDATED} reads both from the model's own
 * validation; tests may state them.
 */
public interface ModelQuality {

    /** The model's own validation: its accuracy on the newest part of its window, and each answer's autoShip. */
    ModelQuality VALIDATED = new ModelQuality() {
        @Override
        public OptionalDouble validationAccuracy(ShipmentModel model) {
            return model.validation().map(validation -> OptionalDouble.of(validation.accuracy())).orElse(OptionalDouble.empty());
        }

        @Override
        public boolean autoShip(ShipmentModel model, ShipmentPrediction prediction) {
            return prediction.autoShip();
        }
    };

    /** No validation known: no accuracy to drift from, nothing auto-shipped. */
    ModelQuality UNVALIDATED = new ModelQuality() {
        @Override
        public OptionalDouble validationAccuracy(ShipmentModel model) {
            return OptionalDouble.empty();
        }

        @Override
        public boolean autoShip(ShipmentModel model, ShipmentPrediction prediction) {
            return false;
        }
    };

    OptionalDouble validationAccuracy(ShipmentModel model);

    boolean autoShip(ShipmentModel model, ShipmentPrediction prediction);
}
