package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.List;
import java.util.Map;

/** Desired state of a predictor cluster. Every field is optional; unset ones get the documented defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.replicas) && has(self.autoscaling))",
        message = "set either replicas or autoscaling, not both")
@ValidationRule(value = "!has(self.predictionLog) || !has(self.predictionLog.enabled) || !self.predictionLog.enabled"
        + " || has(self.elasticsearch)", message = PredictorClusterSpec.PREDICTION_LOG_NEEDS_ELASTICSEARCH)
public record PredictorClusterSpec(
        @JsonPropertyDescription("Predictor image; default: the predictor released with this operator") String image,
        @SpecReplicas @Min(0)
        @JsonPropertyDescription("Fixed number of pods when autoscaling is unset (kubectl scale sets it); default 2")
        Integer replicas,
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
        @JsonPropertyDescription("Extra pod annotations") Map<String, String> podAnnotations,
        @JsonPropertyDescription("Extra pod labels; the operator's selector labels are refused")
        Map<String, String> podLabels,
        @JsonPropertyDescription("Secrets for pulling the image from a private registry")
        List<LocalObjectReference> imagePullSecrets,
        @JsonPropertyDescription("ServiceAccount the pods run as; default: the namespace's default")
        String serviceAccountName,
        @JsonPropertyDescription("Mount the ServiceAccount's API token into the pods (the predictor does not use "
                + "the Kubernetes API); default false")
        Boolean automountServiceAccountToken,
        @JsonPropertyDescription("Trust for Elasticsearch over https and Redis over rediss") TlsSpec tls,
        @JsonPropertyDescription("Prometheus scraping of the predictor pods") MonitoringSpec monitoring,
        @JsonPropertyDescription("Auto-ship precision and drift detection") QualitySpec quality,
        @JsonPropertyDescription("Log of the predictions in the history's Elasticsearch, for outcomes and drift")
        PredictionLogSpec predictionLog) {

    public static final int DEFAULT_REPLICAS = 2;
    public static final String PREDICTION_LOG_NEEDS_ELASTICSEARCH = "predictionLog.enabled needs spec.elasticsearch: "
            + "the prediction log is written to the history's Elasticsearch";
    static final PredictorClusterSpec EMPTY = new PredictorClusterSpec(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null);

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
        return service == null ? new ServiceSpec(null, null, null, null) : service;
    }

    public RolloutSpec rolloutOrDefault() {
        return rollout == null ? new RolloutSpec(null, null, null) : rollout;
    }

    public ModelSpec modelOrDefault() {
        return model == null ? new ModelSpec(null, null, null, null, null, null, null, null, null) : model;
    }

    public ApiSpec apiOrDefault() {
        return api == null ? new ApiSpec(null, null, null) : api;
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

    public boolean automountServiceAccountTokenOrDefault() {
        return automountServiceAccountToken != null && automountServiceAccountToken;
    }

    public QualitySpec qualityOrDefault() {
        return quality == null ? new QualitySpec(null, null, null) : quality;
    }

    public PredictionLogSpec predictionLogOrDefault() {
        return predictionLog == null ? new PredictionLogSpec(null, null, null) : predictionLog;
    }

    public DisruptionBudgetSpec disruptionBudgetOrDefault() {
        return disruptionBudget == null ? new DisruptionBudgetSpec(null, null) : disruptionBudget;
    }
}
