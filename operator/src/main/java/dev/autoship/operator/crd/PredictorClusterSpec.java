package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.List;
import java.util.Map;

/** Desired state of a predictor cluster. Every field is optional; unset ones get the documented defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.replicas) && has(self.autoscaling))",
        message = "set either replicas or autoscaling, not both")
public record PredictorClusterSpec(
        @JsonPropertyDescription("Predictor image; default: the predictor released with this operator") String image,
        @Min(0) @JsonPropertyDescription("Fixed number of pods when autoscaling is unset; default 2") Integer replicas,
        @JsonPropertyDescription("Scale between minReplicas and maxReplicas on CPU") AutoscalingSpec autoscaling,
        @JsonPropertyDescription("Container resources; default requests cpu 250m, memory 512Mi, limit memory 1Gi")
        ResourceRequirements resources,
        @JsonPropertyDescription("Shared model cache") RedisSpec redis,
        @JsonPropertyDescription("Shipment history store") ElasticsearchSpec elasticsearch,
        @JsonPropertyDescription("Training and model cache settings") ModelSpec model,
        @JsonPropertyDescription("Request limits of the prediction API") ApiSpec api,
        @JsonPropertyDescription("Service in front of the pods") ServiceSpec service,
        @JsonPropertyDescription("Rolling update and graceful shutdown") RolloutSpec rollout,
        @JsonPropertyDescription("PodDisruptionBudget") DisruptionBudgetSpec disruptionBudget,
        @JsonPropertyDescription("Node selection, tolerations, affinity") SchedulingSpec scheduling,
        @JsonPropertyDescription("Restrict traffic with a NetworkPolicy") NetworkPolicySpec networkPolicy,
        @JsonPropertyDescription("Predictor log format; default text") LogFormat logFormat,
        @JsonPropertyDescription("Extra container environment (names the operator sets are refused)")
        List<EnvVar> extraEnv,
        @JsonPropertyDescription("Extra pod annotations") Map<String, String> podAnnotations) {

    public static final int DEFAULT_REPLICAS = 2;
    static final PredictorClusterSpec EMPTY = new PredictorClusterSpec(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    public static final ResourceRequirements DEFAULT_RESOURCES = new ResourceRequirementsBuilder()
            .addToRequests("cpu", new Quantity("250m"))
            .addToRequests("memory", new Quantity("512Mi"))
            .addToLimits("memory", new Quantity("1Gi"))
            .build();

    public String imageOrDefault() {
        return image == null || image.isBlank() ? ReleasedPredictorImage.REFERENCE : image;
    }

    /** A fresh copy: callers may canonicalize it. */
    public ResourceRequirements resourcesOrDefault() {
        return new ResourceRequirementsBuilder(resources == null ? DEFAULT_RESOURCES : resources).build();
    }

    public ServiceSpec serviceOrDefault() {
        return service == null ? new ServiceSpec(null, null) : service;
    }

    public RolloutSpec rolloutOrDefault() {
        return rollout == null ? new RolloutSpec(null, null, null) : rollout;
    }

    public ModelSpec modelOrDefault() {
        return model == null ? new ModelSpec(null, null, null, null, null, null) : model;
    }

    public ApiSpec apiOrDefault() {
        return api == null ? new ApiSpec(null, null) : api;
    }

    public SchedulingSpec schedulingOrDefault() {
        return scheduling == null ? new SchedulingSpec(null, null, null, null) : scheduling;
    }

    /** Pods that are always wanted: the fixed count, or the autoscaler's minimum. */
    public int replicaFloor() {
        if (autoscaling != null) {
            return autoscaling.minReplicas();
        }
        return replicas == null ? DEFAULT_REPLICAS : replicas;
    }

    public DisruptionBudgetSpec disruptionBudgetOrDefault() {
        return disruptionBudget == null ? new DisruptionBudgetSpec(null, null) : disruptionBudget;
    }
}
