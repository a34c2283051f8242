package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** When models are refreshed ahead of expiry, and how far their lives are spread; unset keeps the predictor's defaults. */
public record RefreshSpec(
        @Min(1) @Max(100) @JsonPropertyDescription(
                "Percent of its life after which a model is refreshed in the background while it keeps answering; default 80")
        Integer atPercentOfLife,
        @Min(0) @Max(50) @JsonPropertyDescription(
                "Percent of cacheTtl a model's life is shortened by at most, so models trained together do not expire together; default 10")
        Integer ttlJitterPercent) {
}
