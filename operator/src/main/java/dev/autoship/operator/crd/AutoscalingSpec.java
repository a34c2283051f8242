package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Presence turns on a HorizontalPodAutoscaler (autoscaling/v2) on CPU utilisation. */
@ValidationRule(value = "self.minReplicas <= self.maxReplicas",
        message = "autoscaling.minReplicas must be less than or equal to autoscaling.maxReplicas")
public record AutoscalingSpec(
        @Required @Min(1) @JsonPropertyDescription("Fewest pods the autoscaler keeps") Integer minReplicas,
        @Required @Min(1) @JsonPropertyDescription("Most pods the autoscaler may run") Integer maxReplicas,
        @Min(1) @Max(100) @JsonPropertyDescription("Average CPU utilisation (percent of requests) to aim for; default 70")
        Integer targetCPUUtilizationPercentage) {

    public static final int DEFAULT_TARGET_CPU_PERCENT = 70;

    public int targetCpuPercentOrDefault() {
        return targetCPUUtilizationPercentage == null ? DEFAULT_TARGET_CPU_PERCENT : targetCPUUtilizationPercentage;
    }
}
