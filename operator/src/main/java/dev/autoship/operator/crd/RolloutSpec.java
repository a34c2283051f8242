package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Duration;

/** Rolling update and graceful shutdown. */
@ValidationRule(value = "!has(self.maxSurge) || (type(self.maxSurge) == int ? self.maxSurge >= 0"
        + " : self.maxSurge.matches('" + PodCounts.PERCENT_PATTERN + "'))",
        message = "rollout.maxSurge must be a number of pods (0 or more) or a percentage such as 25%")
@ValidationRule(value = "!has(self.maxUnavailable) || (type(self.maxUnavailable) == int ? self.maxUnavailable >= 0"
        + " : self.maxUnavailable.matches('" + PodCounts.PERCENT_UP_TO_ALL_PATTERN + "'))",
        message = "rollout.maxUnavailable must be a number of pods (0 or more) or a percentage up to 100%")
@ValidationRule(value = "!(has(self.maxSurge) && (type(self.maxSurge) == int ? self.maxSurge == 0"
        + " : self.maxSurge.matches('^0+%$')) && (!has(self.maxUnavailable) || (type(self.maxUnavailable) == int"
        + " ? self.maxUnavailable == 0 : self.maxUnavailable.matches('^0+%$'))))",
        message = "rollout.maxSurge and rollout.maxUnavailable cannot both be 0: a rollout could never start")
public record RolloutSpec(
        @JsonPropertyDescription("Extra pods during a rollout (number or percent); default 1") IntOrString maxSurge,
        @JsonPropertyDescription("Pods that may be unavailable during a rollout; default 0") IntOrString maxUnavailable,
        @Pattern(Durations.PATTERN)
        @JsonPropertyDescription("On SIGTERM the predictor finishes in-flight requests up to this long; default PT20S")
        String shutdownGrace) {

    public static final IntOrString DEFAULT_MAX_SURGE = new IntOrString(1);
    public static final IntOrString DEFAULT_MAX_UNAVAILABLE = new IntOrString(0);
    /** The predictor's own default (AUTOSHIP_SHUTDOWN_GRACE); the pod's termination grace is sized from it. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(20);

    public IntOrString maxSurgeOrDefault() {
        return maxSurge == null ? DEFAULT_MAX_SURGE : maxSurge;
    }

    public IntOrString maxUnavailableOrDefault() {
        return maxUnavailable == null ? DEFAULT_MAX_UNAVAILABLE : maxUnavailable;
    }

    /** Only call on a validated spec: the value parses. */
    public Duration shutdownGraceOrDefault() {
        return shutdownGrace == null ? DEFAULT_SHUTDOWN_GRACE : Duration.parse(shutdownGrace);
    }
}
