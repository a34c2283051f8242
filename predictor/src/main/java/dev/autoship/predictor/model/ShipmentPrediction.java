package dev.autoship.predictor.model;

import dev.autoship.predictor.history.ShipmentChoice;

import java.util.List;

/**
 * The predicted shipment, its confidence in 0..1, whether it may ship without review (its model has an auto-ship
 * threshold and the confidence reaches it: see {@link AutoShipRule}) and the next most likely other choices.
 */
public record ShipmentPrediction(ShipmentChoice shipment, double confidence, boolean autoShip,
                                 List<Alternative> alternatives) {

    public record Alternative(ShipmentChoice shipment, double confidence) {
    }
}
