package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Models a starting pod loads from Redis before it reports ready; unset keeps the predictor's defaults. */
public record WarmStartSpec(
        @Min(0) @JsonPropertyDescription("Most recently used models loaded before serving (0 = none); default 200")
        Integer models,
        @Pattern(Durations.PATTERN) @JsonPropertyDescription("Longest the warm start may delay readiness; default PT10S")
        String timeout) {
}
