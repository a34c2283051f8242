package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Limits on client connections to each pod; unset keeps the predictor's defaults. */
public record ConnectionsSpec(
        @Pattern(Durations.PATTERN) @JsonPropertyDescription(
                "A request must arrive completely within this long of its first byte; default PT10S")
        String requestTimeout,
        @Pattern(Durations.PATTERN) @JsonPropertyDescription("Kept-alive connections idle this long are closed; default PT60S")
        String idleTimeout,
        @Min(1) @JsonPropertyDescription("Client connections open at once per pod; default 2000") Integer max) {
}
