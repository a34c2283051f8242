package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/** PodDisruptionBudget letting voluntary disruptions (node drains) take a bounded number of pods at a time. */
@ValidationRule(value = "!has(self.maxUnavailable) || (type(self.maxUnavailable) == int ? self.maxUnavailable >= 0"
        + " : self.maxUnavailable.matches('" + PodCounts.PERCENT_UP_TO_ALL_PATTERN + "'))",
        message = "disruptionBudget.maxUnavailable must be a number of pods (0 or more) or a percentage up to 100%")
public record DisruptionBudgetSpec(
        @JsonPropertyDescription("Create a PodDisruptionBudget (only when the replica floor is 2 or more); default true")
        Boolean enabled,
        @JsonPropertyDescription("Pods a voluntary disruption may take at once (number or percent); default 1")
        IntOrString maxUnavailable) {

    public static final IntOrString DEFAULT_MAX_UNAVAILABLE = new IntOrString(1);

    public boolean enabledOrDefault() {
        return enabled == null || enabled;
    }

    public IntOrString maxUnavailableOrDefault() {
        return maxUnavailable == null ? DEFAULT_MAX_UNAVAILABLE : maxUnavailable;
    }
}
