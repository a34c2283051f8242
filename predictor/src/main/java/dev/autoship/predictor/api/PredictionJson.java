package dev.autoship.predictor.api;

import dev.autoship.predictor.history.ShipmentChoice;
import dev.autoship.predictor.model.ConfidenceBand;
import dev.autoship.predictor.model.ModelLookup;
import dev.autoship.predictor.model.ModelValidation;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.model.ShipmentPrediction;
import dev.autoship.predictor.model.TrainingProvenance;
import dev.autoship.predictor.outcome.OutcomeSummary;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** JSON shapes of the prediction and model endpoints (field names are the API contract). */
final class PredictionJson {

    private PredictionJson() {
    }

    record Prediction(String customerId, String orderId, ShipmentChoice shipment, double confidence, boolean autoShip,
                      List<ShipmentPrediction.Alternative> alternatives, ModelInfo model) {

        static Prediction of(String customerId, String orderId, ShipmentPrediction prediction, ModelLookup lookup) {
            return new Prediction(customerId, orderId, prediction.shipment(), prediction.confidence(),
                    prediction.autoShip(), prediction.alternatives(), new ModelInfo(lookup.model().trainedAtText(),
                    lookup.model().examples(), lookup.source().wireName()));
        }
    }

    record ModelInfo(String trainedAt, int examples, String source) {
    }

    record Batch(List<Prediction> predictions) {
    }

    /**
     * @param valuesWhenAbsent     what a quantity an order lacks counts as (the history's median), by feature
     * @param categoriesWhenAbsent what a category an order lacks counts as (the history's usual value), by field
     * @param outcomes             null (left out) while the outcome loop is off
     */
    record ModelMetadata(String customerId, String trainedAt, String expiresAt, int examples, String source,
                         String trainer, String formatVersion, Provenance provenance, Validation validation,
                         List<ShipmentChoice> shipments, Map<String, Double> valuesWhenAbsent,
                         Map<String, String> categoriesWhenAbsent,
                         @JsonInclude(JsonInclude.Include.NON_NULL) OutcomeSummary outcomes) {
    }

    /** The essentials of the model's Tribuo provenance. */
    record Provenance(String trainer, Map<String, String> configuration, DataSource dataSource,
                      Map<String, String> versions) {

        static Provenance of(TrainingProvenance provenance) {
            return new Provenance(provenance.trainer(), provenance.sortedConfiguration(),
                    new DataSource(provenance.source(), provenance.customerId(), provenance.windowStart().toString(),
                            provenance.windowEnd().toString(), provenance.examples()),
                    Map.of("tribuo", provenance.tribuoVersion(), "java", provenance.javaVersion()));
        }
    }

    record DataSource(String source, String customerId, String windowStart, String windowEnd, int examples) {
    }

    /**
     * The model's validation; {@code accuracy}, {@code calibrationError} and {@code bands} are null when it was not
     * validated (too little history), and {@code autoShipThreshold} is null when no answer of it auto-ships;
     * {@code autoShipEvidence} says what the threshold rests on ({@code own} validation or the {@code pooled}
     * validations of the models held beside it; null without a threshold).
     */
    record Validation(String method, Double accuracy, int examples, Double calibrationError, Double autoShipThreshold,
                      String autoShipEvidence, double autoShipPrecisionTarget, int minimumExamples, List<Band> bands) {

        static Validation of(ShipmentModel model, String method, int minimumExamples) {
            double target = model.autoShipTarget();
            Double threshold = model.autoShipThreshold().isPresent() ? model.autoShipThreshold().getAsDouble() : null;
            String evidence = threshold == null ? null : model.autoShipOnOwnEvidence() ? "own" : "pooled";
            if (model.validation().isEmpty()) {
                return new Validation(method, null, 0, null, threshold, evidence, target, minimumExamples, null);
            }
            ModelValidation validation = model.validation().get();
            return new Validation(method, validation.accuracy(), validation.examples(), validation.calibrationError(),
                    threshold, evidence, target, minimumExamples, validation.bands().stream().map(Band::of).toList());
        }
    }

    record Band(double from, double to, int examples, Double accuracy) {
        static Band of(ConfidenceBand band) {
            return new Band(band.from(), band.to(), band.examples(), band.examples() == 0 ? null : band.accuracy());
        }
    }
}
