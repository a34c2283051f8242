package dev.autoship.operator.reconciler;

import dev.autoship.operator.crd.AutoscalingSpec;
import dev.autoship.operator.crd.Durations;
import dev.autoship.operator.crd.ElasticsearchSpec;
import dev.autoship.operator.crd.NetworkPolicySpec;
import dev.autoship.operator.crd.PodCounts;
import dev.autoship.operator.crd.PredictionLogSpec;
import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterSpec;
import dev.autoship.operator.crd.QualitySpec;
import dev.autoship.operator.crd.RedisAddresses;
import dev.autoship.operator.crd.RedisSpec;
import dev.autoship.operator.crd.RolloutSpec;
import dev.autoship.operator.crd.ServiceSpec;
import dev.autoship.operator.dependent.CanonicalQuantity;
import dev.autoship.operator.dependent.ClusterMetadata;
import dev.autoship.operator.dependent.DeploymentDependent;
import dev.autoship.operator.dependent.PredictorEnv;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricTarget;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks the schema cannot express (and repeats its CEL rules, which an API server without CEL would skip),
 * so that a bad spec gets a condition naming the field instead of a half-applied set of resources.
 */
public final class SpecValidation {

    private static final Pattern NAME = Pattern.compile(PredictorCluster.NAME_PATTERN);
    private static final Pattern INDEX = Pattern.compile(PredictionLogSpec.INDEX_PATTERN);

    private SpecValidation() {
    }

    /** Each problem names the field and what to do; empty when the resource can be applied. */
    public static List<String> problems(PredictorCluster cluster) {
        List<String> problems = new ArrayList<>();
        String name = cluster.getMetadata().getName();
        if (name == null || name.length() > PredictorCluster.MAX_NAME_LENGTH
                || !NAME.matcher(name).matches()) {
            problems.add(PredictorCluster.NAME_RULE + ", got '" + name + "'");
        }
        problems.addAll(problems(cluster.specOrEmpty()));
        return List.copyOf(problems);
    }

    /** The spec's problems alone. */
    public static List<String> problems(PredictorClusterSpec spec) {
        List<String> problems = new ArrayList<>();
        if (spec.image() != null && (spec.image().isBlank() || spec.image().chars().anyMatch(Character::isWhitespace))) {
            problems.add("spec.image must be an image reference without spaces, got '" + spec.image() + "'");
        }
        AutoscalingSpec autoscaling = spec.autoscaling();
        if (autoscaling != null) {
            if (spec.replicas() != null) {
                problems.add("set either spec.replicas or spec.autoscaling, not both");
            }
            if (autoscaling.minReplicas() == null || autoscaling.maxReplicas() == null) {
                problems.add("spec.autoscaling needs minReplicas and maxReplicas");
            } else if (autoscaling.minReplicas() > autoscaling.maxReplicas()) {
                problems.add("spec.autoscaling.minReplicas (%d) must not exceed maxReplicas (%d)"
                        .formatted(autoscaling.minReplicas(), autoscaling.maxReplicas()));
            }
            if (autoscaling.scalesOnCpuUtilization()
                    && quantity(spec.resourcesOrDefault().getRequests(), "cpu").isEmpty()) {
                problems.add("spec.autoscaling scales on CPU utilisation: set spec.resources.requests.cpu");
            }
            if (autoscaling.metrics() != null && autoscaling.targetCPUUtilizationPercentage() != null) {
                problems.add("set either spec.autoscaling.metrics or targetCPUUtilizationPercentage, not both");
            }
            checkMetricTargets(autoscaling.metrics(), problems);
            checkTolerance(autoscaling.behavior(), problems);
        }
        checkResources(spec.resources(), problems);
        checkRollout(spec.rolloutOrDefault(), problems);
        rolloutAmount("spec.disruptionBudget.maxUnavailable", spec.disruptionBudgetOrDefault().maxUnavailable(), true)
                .ifPresent(problems::add);
        checkBackends(spec, problems);
        var model = spec.modelOrDefault();
        Durations.problem("spec.model.cacheTtl", model.cacheTtl()).ifPresent(problems::add);
        Durations.problem("spec.model.historyWindow", model.historyWindow()).ifPresent(problems::add);
        Durations.problem("spec.model.warmStart.timeout", model.warmStartOrDefault().timeout()).ifPresent(problems::add);
        Durations.nonNegativeProblem("spec.model.insufficientHistory.rememberFor",
                model.insufficientHistoryOrDefault().rememberFor()).ifPresent(problems::add);
        var connections = spec.apiOrDefault().connectionsOrDefault();
        Durations.problem("spec.api.connections.requestTimeout", connections.requestTimeout()).ifPresent(problems::add);
        Durations.problem("spec.api.connections.idleTimeout", connections.idleTimeout()).ifPresent(problems::add);
        if (model.minExamples() != null && model.maxExamples() != null && model.minExamples() > model.maxExamples()) {
            problems.add("spec.model.minExamples (%d) must not exceed maxExamples (%d)"
                    .formatted(model.minExamples(), model.maxExamples()));
        }
        if (spec.networkPolicy() != null) {
            checkNetworkPolicy(spec.networkPolicy(), problems);
        }
        if (spec.serviceOrDefault().portOrDefault() == ServiceSpec.MANAGEMENT_PORT) {
            problems.add("spec." + ServiceSpec.MANAGEMENT_PORT_TAKEN);
        }
        checkQuality(spec.qualityOrDefault(), problems);
        checkPredictionLog(spec, problems);
        checkExtraEnv(spec.extraEnv(), problems);
        checkOwnLabels("spec.podLabels", spec.podLabels(), problems);
        checkOwnLabels("spec.service.labels", spec.serviceOrDefault().labels(), problems);
        if (spec.imagePullSecrets() != null
                && spec.imagePullSecrets().stream().anyMatch(s -> s == null || s.getName() == null || s.getName().isBlank())) {
            problems.add("spec.imagePullSecrets: every entry needs the name of a Secret");
        }
        if (spec.tls() != null && spec.tls().caBundle() != null
                && (spec.tls().caBundle().configMap() == null) == (spec.tls().caBundle().secret() == null)) {
            problems.add("spec.tls.caBundle needs exactly one of configMap or secret");
        }
        if (spec.podAnnotations() != null
                && spec.podAnnotations().containsKey(DeploymentDependent.CONFIG_CHECKSUM_ANNOTATION)) {
            problems.add("spec.podAnnotations must not set " + DeploymentDependent.CONFIG_CHECKSUM_ANNOTATION
                    + " (the operator sets it)");
        }
        return List.copyOf(problems);
    }

    private static void checkQuality(QualitySpec quality, List<String> problems) {
        share("spec.quality.autoShipPrecision", quality.autoShipPrecision(), 0.5).ifPresent(problems::add);
        share("spec.quality.drift.tolerance", quality.driftOrDefault().tolerance(), 0).ifPresent(problems::add);
        Integer minOutcomes = quality.driftOrDefault().minOutcomes();
        if (minOutcomes != null && minOutcomes < 1) {
            problems.add("spec.quality.drift.minOutcomes must be at least 1, got " + minOutcomes);
        }
        Durations.problem("spec.quality.outcomeCheckInterval", quality.outcomeCheckInterval()).ifPresent(problems::add);
    }

    /** Why {@code value} is not a number from {@code low} to 1, if it is not (unset is fine). */
    private static Optional<String> share(String field, Double value, double low) {
        return value == null || (value >= low && value <= 1) ? Optional.empty()
                : Optional.of("%s must be from %s to 1, got %s".formatted(field, low == 0 ? "0" : low, value));
    }

    private static void checkPredictionLog(PredictorClusterSpec spec, List<String> problems) {
        PredictionLogSpec log = spec.predictionLogOrDefault();
        if (log.enabledOrDefault() && spec.elasticsearch() == null) {
            problems.add("spec." + PredictorClusterSpec.PREDICTION_LOG_NEEDS_ELASTICSEARCH);
        }
        if (log.index() != null && (!INDEX.matcher(log.index()).matches()
                || log.index().length() > PredictionLogSpec.MAX_INDEX_LENGTH)) {
            problems.add(("spec.predictionLog.index must be at most %d lower case letters, digits, '.', '_' and '-', "
                    + "starting with a letter or digit, got '%s'").formatted(PredictionLogSpec.MAX_INDEX_LENGTH,
                    log.index()));
        }
        Durations.problem("spec.predictionLog.retention", log.retention()).ifPresentOrElse(problems::add, () -> {
            if (log.retention() != null
                    && Duration.parse(log.retention()).compareTo(PredictionLogSpec.MIN_RETENTION) < 0) {
                problems.add("spec.predictionLog.retention must be at least P1D (the log is kept in daily indices), "
                        + "got " + log.retention());
            }
        });
    }

    /** The operator's labels select the pods and its informers' objects: a spec may not change them. */
    private static void checkOwnLabels(String field, Map<String, String> labels, List<String> problems) {
        if (labels == null) {
            return;
        }
        labels.keySet().stream().filter(ClusterMetadata.LABEL_KEYS::contains).sorted().forEach(key ->
                problems.add("%s must not set %s (the operator's own label)".formatted(field, key)));
    }

    private static void checkNetworkPolicy(NetworkPolicySpec policy, List<String> problems) {
        if (policy.clients() == null || policy.clients().isEmpty()) {
            problems.add("spec.networkPolicy.clients must list at least one peer: an empty list admits every client");
        }
        checkPorts("spec.networkPolicy.elasticsearch.ports", policy.elasticsearchOrDefault().ports(), problems);
        checkPorts("spec.networkPolicy.redis.ports", policy.redisOrDefault().ports(), problems);
    }

    private static void checkPorts(String field, List<Integer> ports, List<String> problems) {
        if (ports != null) {
            ports.stream().filter(p -> p == null || p < 1 || p > 65535).findFirst().ifPresent(p ->
                    problems.add("%s must hold ports from 1 to 65535, got %s".formatted(field, p)));
        }
    }

    private static void checkResources(ResourceRequirements resources, List<String> problems) {
        if (resources == null) {
            return;
        }
        int before = problems.size();
        checkQuantities("requests", resources.getRequests(), problems);
        checkQuantities("limits", resources.getLimits(), problems);
        if (problems.size() > before || resources.getLimits() == null || resources.getRequests() == null) {
            return;
        }
        resources.getLimits().forEach((name, limit) -> quantity(resources.getRequests(), name)
                .filter(request -> request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0)
                .ifPresent(request -> problems.add("spec.resources.requests.%s (%s) exceeds limits.%s (%s)"
                        .formatted(name, request, name, limit))));
    }

    private static void checkQuantities(String kind, Map<String, Quantity> quantities, List<String> problems) {
        if (quantities == null) {
            return;
        }
        quantities.forEach((name, quantity) -> quantityProblem("spec.resources.%s.%s".formatted(kind, name), quantity,
                "must not be negative", value -> value.signum() >= 0).ifPresent(problems::add));
    }

    /** What the API server refuses in an HPA: a target value or averageValue that is no positive quantity. */
    private static void checkMetricTargets(List<MetricSpec> metrics, List<String> problems) {
        if (metrics == null) {
            return;
        }
        for (int i = 0; i < metrics.size(); i++) {
            MetricSpec metric = metrics.get(i);
            Map<String, MetricTarget> targets = new LinkedHashMap<>();
            targets.put("object", metric.getObject() == null ? null : metric.getObject().getTarget());
            targets.put("pods", metric.getPods() == null ? null : metric.getPods().getTarget());
            targets.put("external", metric.getExternal() == null ? null : metric.getExternal().getTarget());
            targets.put("resource", metric.getResource() == null ? null : metric.getResource().getTarget());
            targets.put("containerResource",
                    metric.getContainerResource() == null ? null : metric.getContainerResource().getTarget());
            int index = i;
            targets.forEach((source, target) -> {
                if (target == null) {
                    return;
                }
                String field = "spec.autoscaling.metrics[%d].%s.target.".formatted(index, source);
                quantityProblem(field + "value", target.getValue(), "must be positive", value -> value.signum() > 0)
                        .ifPresent(problems::add);
                quantityProblem(field + "averageValue", target.getAverageValue(), "must be positive",
                        value -> value.signum() > 0).ifPresent(problems::add);
            });
        }
    }

    private static void checkTolerance(HorizontalPodAutoscalerBehavior behavior, List<String> problems) {
        if (behavior != null && ((behavior.getScaleUp() != null && behavior.getScaleUp().getTolerance() != null)
                || (behavior.getScaleDown() != null && behavior.getScaleDown().getTolerance() != null))) {
            problems.add("spec.autoscaling.behavior." + AutoscalingSpec.TOLERANCE_REFUSED);
        }
    }

    /** Why {@code quantity} cannot be written to {@code field}, if it cannot; null is fine (unset). */
    private static Optional<String> quantityProblem(String field, Quantity quantity, String rule,
            Predicate<BigDecimal> allowed) {
        if (quantity == null) {
            return Optional.empty();
        }
        try {
            CanonicalQuantity.resource(quantity.toString());
            return allowed.test(CanonicalQuantity.value(quantity.toString())) ? Optional.empty()
                    : Optional.of("%s %s, got %s".formatted(field, rule, quantity));
        } catch (IllegalArgumentException e) {
            return Optional.of("%s: %s".formatted(field, e.getMessage()));
        }
    }

    private static void checkRollout(RolloutSpec rollout, List<String> problems) {
        // maxUnavailable defaults to 0
        if (isZero(rollout.maxSurge()) && (rollout.maxUnavailable() == null || isZero(rollout.maxUnavailable()))) {
            problems.add("spec.rollout.maxSurge and maxUnavailable cannot both be 0: a rollout could never start");
        }
        rolloutAmount("spec.rollout.maxSurge", rollout.maxSurge(), false).ifPresent(problems::add);
        rolloutAmount("spec.rollout.maxUnavailable", rollout.maxUnavailable(), true).ifPresent(problems::add);
        Durations.problem("spec.rollout.shutdownGrace", rollout.shutdownGrace()).ifPresent(problems::add);
    }

    /** What the API server would refuse in the Deployment: negative counts, strings that are no percentage. */
    private static Optional<String> rolloutAmount(String field, IntOrString value, boolean atMostAll) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.getIntVal() != null) {
            return value.getIntVal() < 0
                    ? Optional.of("%s must not be negative, got %d".formatted(field, value.getIntVal()))
                    : Optional.empty();
        }
        if (value.getStrVal() == null) {
            return Optional.empty();
        }
        Optional<Integer> percent = PodCounts.percent(value);
        if (percent.isEmpty()) {
            return Optional.of("%s must be a number or a percentage such as 25%%, got '%s'"
                    .formatted(field, value.getStrVal()));
        }
        if (atMostAll && percent.get() > 100) {
            return Optional.of("%s must not exceed 100%%, got %s".formatted(field, value.getStrVal()));
        }
        return Optional.empty();
    }

    private static void checkBackends(PredictorClusterSpec spec, List<String> problems) {
        ElasticsearchSpec es = spec.elasticsearch();
        if (es != null) {
            url("spec.elasticsearch.url", es.url(), List.of("http", "https")).ifPresent(problems::add);
            Durations.problem("spec.elasticsearch.timeout", es.timeout()).ifPresent(problems::add);
        }
        RedisSpec redis = spec.redis();
        if (redis != null) {
            checkRedisMode(redis, problems);
            Durations.problem("spec.redis.timeout", redis.timeout()).ifPresent(problems::add);
        }
    }

    /** The schema's CEL rules on spec.redis, and what they cannot say about addresses and the master's name. */
    private static void checkRedisMode(RedisSpec redis, List<String> problems) {
        int modes = (redis.url() != null ? 1 : 0) + (redis.sentinels() != null ? 1 : 0)
                + (redis.clusterNodes() != null ? 1 : 0);
        if (modes != 1) {
            problems.add("spec." + RedisSpec.ONE_MODE);
        }
        if (redis.url() != null) {
            url("spec.redis.url", redis.url(), List.of("redis", "rediss")).ifPresent(problems::add);
            if (redis.tls() != null || redis.database() != null) {
                problems.add("spec." + RedisSpec.URL_SAYS_IT);
            }
        }
        if (redis.sentinels() != null) {
            RedisAddresses.problem("spec.redis.sentinels.addresses", redis.sentinels().addresses() == null ? List.of()
                    : redis.sentinels().addresses()).ifPresent(problems::add);
            String master = redis.sentinels().masterName();
            if (master == null || master.isEmpty() || master.chars().anyMatch(Character::isWhitespace)) {
                problems.add("spec.redis.sentinels.masterName must name the master the sentinels monitor, without "
                        + "spaces, got '" + master + "'");
            }
        }
        RedisAddresses.problem("spec.redis.clusterNodes", redis.clusterNodes()).ifPresent(problems::add);
        if (redis.clusterNodes() != null && redis.database() != null && redis.database() != 0) {
            problems.add("spec." + RedisSpec.CLUSTER_DATABASE);
        }
        if (redis.database() != null && redis.database() < 0) {
            problems.add("spec.redis.database must not be negative, got " + redis.database());
        }
    }

    private static void checkExtraEnv(List<EnvVar> extraEnv, List<String> problems) {
        if (extraEnv == null) {
            return;
        }
        for (int i = 0; i < extraEnv.size(); i++) {
            String name = extraEnv.get(i).getName();
            if (name == null || name.isBlank()) {
                problems.add("spec.extraEnv[%d].name is required".formatted(i));
            } else if (isOperatorManaged(name)) {
                problems.add("spec.extraEnv[%d].name %s is set by the operator from the spec; use the matching spec field"
                        .formatted(i, name));
            }
        }
    }

    private static boolean isOperatorManaged(String name) {
        for (PredictorEnv managed : PredictorEnv.values()) {
            if (managed.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> url(String field, String value, List<String> schemes) {
        if (value == null) {
            return Optional.of(field + " is required");
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme()) || uri.getHost() == null) {
                return Optional.of("%s must look like %s://host:port, got %s".formatted(field, schemes.getFirst(), value));
            }
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("%s is not a valid URL (%s): %s".formatted(field, e.getReason(), value));
        }
    }

    private static Optional<Quantity> quantity(Map<String, Quantity> quantities, String name) {
        return quantities == null ? Optional.empty() : Optional.ofNullable(quantities.get(name));
    }

    private static boolean isZero(IntOrString value) {
        if (value == null) {
            return false;
        }
        return value.getIntVal() != null ? value.getIntVal() == 0 : PodCounts.percent(value).filter(p -> p == 0).isPresent();
    }
}
