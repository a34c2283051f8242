package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** How sure the predictor must be before it auto-ships, and how it watches its own accuracy; unset keeps its defaults. */
public record QualitySpec(
        @Min(0.5) @Max(1) @JsonPropertyDescription("Target precision of autoShip: true answers (0.5 to 1): each "
                + "model's auto-ship threshold is the lowest confidence whose validated precision reaches it; "
                + "default 0.95")
        Double autoShipPrecision,
        @Pattern(Durations.PATTERN) @JsonPropertyDescription("How often logged predictions are joined with the "
                + "shipments that followed them (needs predictionLog); default PT5M")
        String outcomeCheckInterval,
        @JsonPropertyDescription("When a model whose live accuracy dropped is refreshed at once") DriftSpec drift) {

    public DriftSpec driftOrDefault() {
        return drift == null ? new DriftSpec(null, null) : drift;
    }
}
