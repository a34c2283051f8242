package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** When a model's live accuracy (from the prediction log's outcomes) makes the predictor refresh it at once. */
public record DriftSpec(
        @Min(1) @JsonPropertyDescription("Resolved predictions of the current model needed before its live accuracy "
                + "can trigger a refresh; default 30")
        Integer minOutcomes,
        @Min(0) @Max(1) @JsonPropertyDescription("A model is refreshed when its live accuracy falls more than this "
                + "(absolute, 0 to 1) below its validation accuracy; default 0.1")
        Double tolerance) {
}
