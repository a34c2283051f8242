package dev.autoship.predictor.api;

import dev.autoship.predictor.model.ModelLookup;
import dev.autoship.predictor.history.ShipmentChoice;
import dev.autoship.predictor.model.ShipmentPrediction;
import dev.autoship.predictor.outcome.OutcomeSummary;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** JSON shapes of the prediction and model endpoints (field names are the API contract). */
final class PredictionJson {

    private PredictionJson() {
    }

    record Prediction(String customerId, String orderId, ShipmentChoice shipment, double confidence,
                      List<ShipmentPrediction.Alternative> alternatives, ModelInfo model) {

        static Prediction of(String customerId, String orderId, ShipmentPrediction prediction, ModelLookup lookup) {
            return new Prediction(customerId, orderId, prediction.shipment(), prediction.confidence(),
                    prediction.alternatives(), new ModelInfo(lookup.model().trainedAtText(),
                    lookup.model().examples(), lookup.source().wireName()));
        }
    }

    record ModelInfo(String trainedAt, int examples, String source) {
    }

    record Batch(List<Prediction> predictions) {
    }

    /** @param outcomes null (left out) while the outcome loop is off */
    record ModelMetadata(String customerId, String trainedAt, String expiresAt, int examples, String source,
                         String trainer, String formatVersion, List<ShipmentChoice> shipments,
                         @JsonInclude(JsonInclude.Include.NON_NULL) OutcomeSummary outcomes) {
    }
}
