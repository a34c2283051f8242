package dev.autoship.predictor.model;

import dev.autoship.predictor.history.ShipmentChoice;

import java.util.List;

/** The predicted shipment, its confidence in 0..1 and the next most likely other choices. */
public record ShipmentPrediction(ShipmentChoice shipment, double confidence, List<Alternative> alternatives) {

    public record Alternative(ShipmentChoice shipment, double confidence) {
    }
}
