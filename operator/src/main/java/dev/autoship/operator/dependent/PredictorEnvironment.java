package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.ApiSpec;
import dev.autoship.operator.crd.ConnectionsSpec;
import dev.autoship.operator.crd.ElasticsearchSpec;
import dev.autoship.operator.crd.InsufficientHistorySpec;
import dev.autoship.operator.crd.ModelSpec;
import dev.autoship.operator.crd.PredictionLogSpec;
import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterSpec;
import dev.autoship.operator.crd.QualitySpec;
import dev.autoship.operator.crd.RedisSpec;
import dev.autoship.operator.crd.RefreshSpec;
import dev.autoship.operator.crd.SecretKeyRef;
import dev.autoship.operator.crd.WarmStartSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How a spec becomes the predictor's environment: plain settings in a ConfigMap (envFrom),
 * credentials as secretKeyRef env vars. Unset spec fields stay unset so the predictor's own defaults apply.
 */
public record PredictorEnvironment(SortedMap<String, String> configData, List<EnvVar> secretEnv) {

    public static PredictorEnvironment of(PredictorCluster cluster) {
        PredictorClusterSpec spec = cluster.specOrEmpty();
        SortedMap<String, String> data = new TreeMap<>();
        List<EnvVar> secrets = new ArrayList<>();
        put(data, PredictorEnv.AUTOSHIP_SERVER_PORT, PredictorContainer.PORT);
        put(data, PredictorEnv.AUTOSHIP_MANAGEMENT_PORT, PredictorContainer.MANAGEMENT_PORT);
        put(data, PredictorEnv.AUTOSHIP_CLUSTER_NAME, clusterName(cluster));
        ApiSpec api = spec.apiOrDefault();
        put(data, PredictorEnv.AUTOSHIP_MAX_REQUEST_BYTES, api.maxRequestBytes());
        put(data, PredictorEnv.AUTOSHIP_MAX_BATCH_ORDERS, api.maxBatchOrders());
        ConnectionsSpec connections = api.connectionsOrDefault();
        put(data, PredictorEnv.AUTOSHIP_REQUEST_TIMEOUT, connections.requestTimeout());
        put(data, PredictorEnv.AUTOSHIP_IDLE_TIMEOUT, connections.idleTimeout());
        put(data, PredictorEnv.AUTOSHIP_MAX_CONNECTIONS, connections.max());
        ModelSpec model = spec.modelOrDefault();
        put(data, PredictorEnv.AUTOSHIP_MODEL_CACHE_TTL, model.cacheTtl());
        put(data, PredictorEnv.AUTOSHIP_MODEL_CACHE_MAX_MODELS, model.cacheMaxModels());
        put(data, PredictorEnv.AUTOSHIP_HISTORY_WINDOW, model.historyWindow());
        put(data, PredictorEnv.AUTOSHIP_MIN_EXAMPLES, model.minExamples());
        put(data, PredictorEnv.AUTOSHIP_MAX_EXAMPLES, model.maxExamples());
        put(data, PredictorEnv.AUTOSHIP_MAX_CONCURRENT_TRAININGS, model.maxConcurrentTrainings());
        RefreshSpec refresh = model.refreshOrDefault();
        put(data, PredictorEnv.AUTOSHIP_MODEL_REFRESH_AT, fraction(refresh.atPercentOfLife()));
        put(data, PredictorEnv.AUTOSHIP_MODEL_TTL_JITTER, fraction(refresh.ttlJitterPercent()));
        WarmStartSpec warmStart = model.warmStartOrDefault();
        put(data, PredictorEnv.AUTOSHIP_WARM_START_MODELS, warmStart.models());
        put(data, PredictorEnv.AUTOSHIP_WARM_START_TIMEOUT, warmStart.timeout());
        InsufficientHistorySpec insufficient = model.insufficientHistoryOrDefault();
        put(data, PredictorEnv.AUTOSHIP_INSUFFICIENT_HISTORY_TTL, insufficient.rememberFor());
        put(data, PredictorEnv.AUTOSHIP_INSUFFICIENT_HISTORY_MAX_CUSTOMERS, insufficient.maxCustomers());
        ElasticsearchSpec es = spec.elasticsearch();
        if (es != null) {
            put(data, PredictorEnv.AUTOSHIP_ELASTICSEARCH_URL, es.url());
            put(data, PredictorEnv.AUTOSHIP_ELASTICSEARCH_INDEX, es.index());
            put(data, PredictorEnv.AUTOSHIP_ELASTICSEARCH_USERNAME, es.username());
            put(data, PredictorEnv.AUTOSHIP_ELASTICSEARCH_TIMEOUT, es.timeout());
            addSecret(secrets, PredictorEnv.AUTOSHIP_ELASTICSEARCH_PASSWORD, es.passwordSecret());
            addSecret(secrets, PredictorEnv.AUTOSHIP_ELASTICSEARCH_API_KEY, es.apiKeySecret());
        }
        RedisSpec redis = spec.redis();
        if (redis != null) {
            put(data, PredictorEnv.AUTOSHIP_REDIS_URL, redis.url());
            if (redis.sentinels() != null) {
                put(data, PredictorEnv.AUTOSHIP_REDIS_SENTINELS, String.join(",", redis.sentinels().addresses()));
                put(data, PredictorEnv.AUTOSHIP_REDIS_SENTINEL_MASTER, redis.sentinels().masterName());
                addSecret(secrets, PredictorEnv.AUTOSHIP_REDIS_SENTINEL_PASSWORD, redis.sentinels().passwordSecret());
            }
            if (redis.clusterNodes() != null) {
                put(data, PredictorEnv.AUTOSHIP_REDIS_CLUSTER_NODES, String.join(",", redis.clusterNodes()));
            }
            put(data, PredictorEnv.AUTOSHIP_REDIS_TLS, redis.tls());
            put(data, PredictorEnv.AUTOSHIP_REDIS_DATABASE, redis.database());
            put(data, PredictorEnv.AUTOSHIP_REDIS_USERNAME, redis.username());
            put(data, PredictorEnv.AUTOSHIP_REDIS_KEY_PREFIX, redis.keyPrefix());
            put(data, PredictorEnv.AUTOSHIP_REDIS_TIMEOUT, redis.timeout());
            addSecret(secrets, PredictorEnv.AUTOSHIP_REDIS_PASSWORD, redis.passwordSecret());
        }
        put(data, PredictorEnv.AUTOSHIP_TRUSTED_CA_FILE, TrustedCa.of(spec).map(bundle -> TrustedCa.FILE).orElse(null));
        put(data, PredictorEnv.AUTOSHIP_LOG_FORMAT, spec.logFormat());
        put(data, PredictorEnv.AUTOSHIP_SHUTDOWN_GRACE, spec.rolloutOrDefault().shutdownGrace());
        QualitySpec quality = spec.qualityOrDefault();
        put(data, PredictorEnv.AUTOSHIP_AUTO_SHIP_PRECISION, decimal(quality.autoShipPrecision()));
        put(data, PredictorEnv.AUTOSHIP_OUTCOME_CHECK_INTERVAL, quality.outcomeCheckInterval());
        put(data, PredictorEnv.AUTOSHIP_DRIFT_MIN_OUTCOMES, quality.driftOrDefault().minOutcomes());
        put(data, PredictorEnv.AUTOSHIP_DRIFT_TOLERANCE, decimal(quality.driftOrDefault().tolerance()));
        PredictionLogSpec log = spec.predictionLogOrDefault();
        if (log.enabledOrDefault()) {
            put(data, PredictorEnv.AUTOSHIP_PREDICTION_LOG_INDEX, log.indexOrDefault());
            put(data, PredictorEnv.AUTOSHIP_PREDICTION_LOG_RETENTION, log.retention());
        }
        return new PredictorEnvironment(data, List.copyOf(secrets));
    }

    /**
     * Unique per cluster, as the predictor needs it: every prediction log entry names its cluster, so clusters
     * sharing an Elasticsearch never count each other's outcomes.
     */
    static String clusterName(PredictorCluster cluster) {
        return cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
    }

    /** Changes whenever the ConfigMap's content changes; put on the pod template so such a change rolls the pods. */
    public String checksum() {
        Sha256 digest = Sha256.start();
        configData.forEach((key, value) -> digest.add(key + "=" + value + "\n"));
        return digest.hex(32);
    }

    /** The predictor reads shares as fractions ("0.8"); the spec states them as whole percents (80). */
    private static String fraction(Integer percent) {
        return percent == null ? null : BigDecimal.valueOf(percent, 2).stripTrailingZeros().toPlainString();
    }

    /** A share as the predictor reads it: 0.95, 1, 0.1 (never 1.0E-4). */
    private static String decimal(Double value) {
        return value == null ? null : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static void put(Map<String, String> data, PredictorEnv name, Object value) {
        if (value != null) {
            data.put(name.name(), value.toString());
        }
    }

    private static void addSecret(List<EnvVar> env, PredictorEnv name, SecretKeyRef ref) {
        if (ref != null) {
            env.add(new EnvVarBuilder().withName(name.name())
                    .withNewValueFrom().withNewSecretKeyRef(ref.key(), ref.name(), false).endValueFrom()
                    .build());
        }
    }
}
