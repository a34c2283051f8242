package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.IntOrString;

/** Rolling update and graceful shutdown. */
public record RolloutSpec(
        @JsonPropertyDescription("Extra pods during a rollout (number or percent); default 1") IntOrString maxSurge,
        @JsonPropertyDescription("Pods that may be unavailable during a rollout; default 0") IntOrString maxUnavailable,
        @Pattern(Durations.PATTERN)
        @JsonPropertyDescription("On SIGTERM the predictor finishes in-flight requests up to this long; default PT20S")
        String shutdownGrace) {
}
