package dev.autoship.operator;

import dev.autoship.operator.crd.AutoscalingSpec;
import dev.autoship.operator.crd.DisruptionBudgetSpec;
import dev.autoship.operator.crd.ElasticsearchSpec;
import dev.autoship.operator.crd.ModelSpec;
import dev.autoship.operator.crd.MonitoringSpec;
import dev.autoship.operator.crd.NetworkPolicySpec;
import dev.autoship.operator.crd.PredictionLogSpec;
import dev.autoship.operator.crd.PredictorClusterSpec;
import dev.autoship.operator.crd.QualitySpec;
import dev.autoship.operator.crd.RedisSpec;
import dev.autoship.operator.crd.RolloutSpec;
import dev.autoship.operator.crd.SchedulingSpec;
import dev.autoship.operator.crd.SecretKeyRef;
import dev.autoship.operator.crd.ServiceSpec;
import dev.autoship.operator.crd.TlsSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.List;
import java.util.Map;

/** Test-only convenience for the many-field spec record. */
final class SpecBuilder {
    private String image;
    private Integer replicas;
    private AutoscalingSpec autoscaling;
    private ModelSpec model;
    private RedisSpec redis;
    private ElasticsearchSpec elasticsearch;
    private NetworkPolicySpec networkPolicy;
    private ResourceRequirements resources;
    private SchedulingSpec scheduling;
    private List<EnvVar> extraEnv;
    private DisruptionBudgetSpec disruptionBudget;
    private ServiceSpec service;
    private Map<String, String> podLabels;
    private List<LocalObjectReference> imagePullSecrets;
    private String serviceAccountName;
    private TlsSpec tls;
    private MonitoringSpec monitoring;
    private RolloutSpec rollout;
    private Map<String, String> podAnnotations;
    private QualitySpec quality;
    private PredictionLogSpec predictionLog;

    SpecBuilder withImage(String value) {
        image = value;
        return this;
    }

    SpecBuilder withReplicas(int value) {
        replicas = value;
        return this;
    }

    SpecBuilder withAutoscaling(AutoscalingSpec value) {
        autoscaling = value;
        return this;
    }

    SpecBuilder withModel(ModelSpec value) {
        model = value;
        return this;
    }

    SpecBuilder withResources(ResourceRequirements value) {
        resources = value;
        return this;
    }

    SpecBuilder withScheduling(SchedulingSpec value) {
        scheduling = value;
        return this;
    }

    SpecBuilder withExtraEnv(EnvVar... values) {
        extraEnv = List.of(values);
        return this;
    }

    SpecBuilder withDisruptionBudget(DisruptionBudgetSpec value) {
        disruptionBudget = value;
        return this;
    }

    SpecBuilder withService(ServiceSpec value) {
        service = value;
        return this;
    }

    SpecBuilder withNetworkPolicy(NetworkPolicySpec value) {
        networkPolicy = value;
        return this;
    }

    SpecBuilder withPodLabels(Map<String, String> value) {
        podLabels = value;
        return this;
    }

    SpecBuilder withIdentity(String pullSecret, String serviceAccount) {
        imagePullSecrets = List.of(new LocalObjectReference(pullSecret));
        serviceAccountName = serviceAccount;
        return this;
    }

    SpecBuilder withMonitoring(MonitoringSpec value) {
        monitoring = value;
        return this;
    }

    SpecBuilder withRollout(RolloutSpec value) {
        rollout = value;
        return this;
    }

    SpecBuilder withPodAnnotations(Map<String, String> value) {
        podAnnotations = value;
        return this;
    }

    SpecBuilder withQuality(QualitySpec value) {
        quality = value;
        return this;
    }

    SpecBuilder withPredictionLog(PredictionLogSpec value) {
        predictionLog = value;
        return this;
    }

    SpecBuilder withTls(TlsSpec value) {
        tls = value;
        return this;
    }

    SpecBuilder withBackends() {
        redis = new RedisSpec("redis://redis:6379/0", null, new SecretKeyRef("creds-redis", "password"), null,
                null, null, null, null, null);
        elasticsearch = new ElasticsearchSpec("http://es:9200", "shipments", null, null,
                new SecretKeyRef("creds-es", "api-key"), null);
        return this;
    }

    SpecBuilder withNetworkPolicy() {
        networkPolicy = new NetworkPolicySpec(List.of(new NetworkPolicyPeerBuilder().withNewPodSelector()
                .addToMatchLabels("app", "shop").endPodSelector().build()), null, null, null, null);
        return this;
    }

    PredictorClusterSpec build() {
        return new PredictorClusterSpec(image, replicas, autoscaling, resources, redis, elasticsearch, model, null,
                service, rollout, disruptionBudget, scheduling, networkPolicy, null, extraEnv, podAnnotations, podLabels,
                imagePullSecrets, serviceAccountName, null, tls, monitoring, quality, predictionLog);
    }
}
