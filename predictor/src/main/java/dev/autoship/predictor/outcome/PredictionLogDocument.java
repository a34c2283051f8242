package dev.autoship.predictor.outcome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.history.ShipmentChoice;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A prediction as a document of the prediction log's indices (mapping in
 * {@code elasticsearch/prediction-log-template.json}), naming the predictor cluster that answered it.
 */
final class PredictionLogDocument {

    private PredictionLogDocument() {
    }

    static ObjectNode of(String clusterName, PredictionRecord prediction) {
        ObjectNode document = JsonNodeFactory.instance.objectNode()
                .put("clusterName", clusterName)
                .put("customerId", prediction.customerId())
                .put("orderId", prediction.orderId())
                .put("predictedAt", prediction.predictedAt().toString())
                .put("modelTrainedAt", prediction.modelTrainedAt().toString())
                .put("confidence", prediction.confidence())
                .put("autoShip", prediction.autoShip());
        document.putObject("shipment")
                .put("carrier", prediction.shipment().carrier())
                .put("service", prediction.shipment().service())
                .put("packaging", prediction.shipment().packaging());
        return document;
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
