package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.ApiSpec;
import dev.autoship.operator.crd.ElasticsearchSpec;
import dev.autoship.operator.crd.ModelSpec;
import dev.autoship.operator.crd.PredictorClusterSpec;
import dev.autoship.operator.crd.RedisSpec;
import dev.autoship.operator.crd.SecretKeyRef;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How a spec becomes the predictor's environment: plain settings in a ConfigMap (envFrom),
 * credentials as secretKeyRef env vars. Unset spec fields stay unset so the predictor's own defaults apply.
 */
public record PredictorEnvironment(SortedMap<String, String> configData, List<EnvVar> secretEnv) {

    public static PredictorEnvironment of(PredictorClusterSpec spec) {
        SortedMap<String, String> data = new TreeMap<>();
        List<EnvVar> secrets = new ArrayList<>();
        put(data, PredictorEnv.AUTOSHIP_SERVER_PORT, PredictorContainer.PORT);
        ApiSpec api = spec.apiOrDefault();
        put(data, PredictorEnv.AUTOSHIP_MAX_REQUEST_BYTES, api.maxRequestBytes());
        put(data, PredictorEnv.AUTOSHIP_MAX_BATCH_ORDERS, api.maxBatchOrders());
        ModelSpec model = spec.modelOrDefault();
        put(data, PredictorEnv.AUTOSHIP_MODEL_CACHE_TTL, model.cacheTtl());
        put(data, PredictorEnv.AUTOSHIP_MODEL_CACHE_MAX_MODELS, model.cacheMaxModels());
        put(data, PredictorEnv.AUTOSHIP_HISTORY_WINDOW, model.historyWindow());
        put(data, PredictorEnv.AUTOSHIP_MIN_EXAMPLES, model.minExamples());
        put(data, PredictorEnv.AUTOSHIP_MAX_EXAMPLES, model.maxExamples());
        put(data, PredictorEnv.AUTOSHIP_MAX_CONCURRENT_TRAININGS, model.maxConcurrentTrainings());
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
            put(data, PredictorEnv.AUTOSHIP_REDIS_USERNAME, redis.username());
            put(data, PredictorEnv.AUTOSHIP_REDIS_KEY_PREFIX, redis.keyPrefix());
            put(data, PredictorEnv.AUTOSHIP_REDIS_TIMEOUT, redis.timeout());
            addSecret(secrets, PredictorEnv.AUTOSHIP_REDIS_PASSWORD, redis.passwordSecret());
        }
        put(data, PredictorEnv.AUTOSHIP_LOG_FORMAT, spec.logFormat());
        put(data, PredictorEnv.AUTOSHIP_SHUTDOWN_GRACE, spec.rolloutOrDefault().shutdownGrace());
        return new PredictorEnvironment(data, List.copyOf(secrets));
    }

    /** Changes whenever the ConfigMap's content changes; put on the pod template so such a change rolls the pods. */
    public String checksum() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            configData.forEach((key, value) -> digest.update(
                    (key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
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
