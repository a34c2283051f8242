package dev.autoship.predictor.outcome;

import dev.autoship.predictor.history.ShipmentChoice;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.model.ShipmentPrediction;

import java.time.Instant;

/**
 * One answered prediction as the prediction log keeps it: which customer's order, what was predicted and how
 * sure, whether it was auto-shipped, by which model (its training time names its generation) and when.
 */
public record PredictionRecord(String customerId, String orderId, ShipmentChoice shipment, double confidence,
                               boolean autoShip, Instant modelTrainedAt, Instant predictedAt) {

    public static PredictionRecord of(String customerId, String orderId, ShipmentPrediction prediction, boolean autoShip,
                                      ShipmentModel model, Instant predictedAt) {
        return new PredictionRecord(customerId, orderId, prediction.shipment(), prediction.confidence(), autoShip,
                model.trainedAt(), predictedAt);
    }
}
