package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import java.util.List;

/** Presence turns on a HorizontalPodAutoscaler (autoscaling/v2): on CPU unless metrics are given. */
@ValidationRule(value = "self.minReplicas <= self.maxReplicas",
        message = "autoscaling.minReplicas must be less than or equal to autoscaling.maxReplicas")
@ValidationRule(value = "!(has(self.metrics) && has(self.targetCPUUtilizationPercentage))",
        message = "set either autoscaling.metrics or autoscaling.targetCPUUtilizationPercentage, not both")
@ValidationRule(value = "!has(self.behavior) || ((!has(self.behavior.scaleUp) || !has(self.behavior.scaleUp.tolerance))"
        + " && (!has(self.behavior.scaleDown) || !has(self.behavior.scaleDown.tolerance)))",
        message = "autoscaling.behavior." + AutoscalingSpec.TOLERANCE_REFUSED)
public record AutoscalingSpec(
        @Required @Min(1) @JsonPropertyDescription("Fewest pods the autoscaler keeps") Integer minReplicas,
        @Required @Min(1) @JsonPropertyDescription("Most pods the autoscaler may run") Integer maxReplicas,
        @Min(1) @Max(100) @JsonPropertyDescription("Average CPU utilisation (percent of requests) to aim for, when "
                + "metrics are not given; default 70")
        Integer targetCPUUtilizationPercentage,
        @JsonPropertyDescription("autoscaling/v2 metrics the HPA scales on, passed through (e.g. the predictor's "
                + "request rate through a metrics adapter); default: CPU at targetCPUUtilizationPercentage")
        List<MetricSpec> metrics,
        @JsonPropertyDescription("autoscaling/v2 scaling behavior, passed through; default: Kubernetes' own")
        HorizontalPodAutoscalerBehavior behavior) {

    public static final int DEFAULT_TARGET_CPU_PERCENT = 70;
    /**
     * Why a tolerance is refused: the API server would not keep it, so the operator would rewrite the autoscaler on
     * every reconciliation. Refused until the operator can tell whether the server keeps it.
     */
    public static final String TOLERANCE_REFUSED = "scaleUp.tolerance and scaleDown.tolerance are not supported: "
            + "Kubernetes 1.33 and 1.34 drop them unless the alpha feature gate HPAConfigurableTolerance is on, so the "
            + "operator would rewrite the autoscaler on every reconciliation; leave them out (the cluster-wide "
            + "--horizontal-pod-autoscaler-tolerance applies)";

    public int targetCpuPercentOrDefault() {
        return targetCPUUtilizationPercentage == null ? DEFAULT_TARGET_CPU_PERCENT : targetCPUUtilizationPercentage;
    }

    /** The metrics given, or CPU utilisation at the target. */
    public List<MetricSpec> metricsOrDefault() {
        if (metrics != null && !metrics.isEmpty()) {
            return metrics;
        }
        return List.of(new MetricSpecBuilder().withType("Resource").withNewResource().withName("cpu").withNewTarget()
                .withType("Utilization").withAverageUtilization(targetCpuPercentOrDefault()).endTarget().endResource()
                .build());
    }

    /** Whether a metric is CPU utilisation, which needs a CPU request to mean anything. */
    public boolean scalesOnCpuUtilization() {
        return metricsOrDefault().stream().anyMatch(m -> m.getResource() != null
                && "cpu".equals(m.getResource().getName()) && m.getResource().getTarget() != null
                && "Utilization".equals(m.getResource().getTarget().getType()));
    }
}
