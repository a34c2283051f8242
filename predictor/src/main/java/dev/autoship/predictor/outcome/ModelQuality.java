package dev.autoship.predictor.outcome;

import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.model.ShipmentPrediction;

import java.util.OptionalDouble;

/**
 * What the outcome loop needs to know of a model's validation: its validation accuracy (what live accuracy is
 * held to) and whether one of its answers is auto-shipped. The model's own validation answers both; until it
 * does, {@link #UNVALIDATED}.
 */
public interface ModelQuality {

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
