package dev.autoship.predictor.outcome;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autoship.predictor.history.ShipmentChoice;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A prediction as a document of the prediction log's indices (mapping in
 * {@code elasticsearch/prediction-log-template.json}), naming the predictor cluster that answered it. A record,
 * written by the client's Jackson mapper as it is, with no JSON tree built per entry.
 */
record PredictionLogDocument(String clusterName, String customerId, String orderId, String predictedAt,
                             String modelTrainedAt, ShipmentChoice shipment, double confidence, boolean autoShip) {

    static PredictionLogDocument of(String clusterName, PredictionRecord prediction) {
        return new PredictionLogDocument(clusterName, prediction.customerId(), prediction.orderId(),
                prediction.predictedAt().toString(), prediction.modelTrainedAt().toString(), prediction.shipment(),
                prediction.confidence(), prediction.autoShip());
    }

    /** The prediction a document holds; empty when it is not one this predictor wrote. */
    static Optional<PredictionRecord> read(JsonNode document) {
        if (document == null) {
            return Optional.empty();
        }
        JsonNode shipment = document.path("shipment");
        try {
            return Optional.of(new PredictionRecord(
                    text(document, "customerId"), text(document, "orderId"),
                    new ShipmentChoice(text(shipment, "carrier"), text(shipment, "service"), text(shipment, "packaging")),
                    document.path("confidence").asDouble(),
                    document.path("autoShip").asBoolean(),
                    Instant.parse(text(document, "modelTrainedAt")),
                    Instant.parse(text(document, "predictedAt"))));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value.textValue();
    }
}
