package dev.autoship.operator.dependent;

/**
 * Environment variables of the predictor that the operator sets. Names are the predictor's contract
 * (dev.autoship.predictor.config.EnvironmentVariable); a test holds the two lists together.
 */
public enum PredictorEnv {
    AUTOSHIP_SERVER_PORT,
    AUTOSHIP_MAX_REQUEST_BYTES,
    AUTOSHIP_MAX_BATCH_ORDERS,
    AUTOSHIP_MODEL_CACHE_TTL,
    AUTOSHIP_MODEL_CACHE_MAX_MODELS,
    AUTOSHIP_HISTORY_WINDOW,
    AUTOSHIP_MIN_EXAMPLES,
    AUTOSHIP_MAX_EXAMPLES,
    AUTOSHIP_MAX_CONCURRENT_TRAININGS,
    AUTOSHIP_MODEL_TTL_JITTER,
    AUTOSHIP_MODEL_REFRESH_AT,
    AUTOSHIP_INSUFFICIENT_HISTORY_TTL,
    AUTOSHIP_INSUFFICIENT_HISTORY_MAX_CUSTOMERS,
    AUTOSHIP_WARM_START_MODELS,
    AUTOSHIP_WARM_START_TIMEOUT,
    AUTOSHIP_ELASTICSEARCH_URL,
    AUTOSHIP_ELASTICSEARCH_INDEX,
    AUTOSHIP_ELASTICSEARCH_USERNAME,
    AUTOSHIP_ELASTICSEARCH_PASSWORD(true),
    AUTOSHIP_ELASTICSEARCH_API_KEY(true),
    AUTOSHIP_ELASTICSEARCH_TIMEOUT,
    AUTOSHIP_REDIS_URL,
    AUTOSHIP_REDIS_USERNAME,
    AUTOSHIP_REDIS_PASSWORD(true),
    AUTOSHIP_REDIS_KEY_PREFIX,
    AUTOSHIP_REDIS_TIMEOUT,
    AUTOSHIP_TRUSTED_CA_FILE,
    AUTOSHIP_LOG_FORMAT,
    AUTOSHIP_SHUTDOWN_GRACE,
    AUTOSHIP_REQUEST_TIMEOUT,
    AUTOSHIP_IDLE_TIMEOUT,
    AUTOSHIP_MAX_CONNECTIONS;

    private final boolean secret;

    PredictorEnv() {
        this(false);
    }

    PredictorEnv(boolean secret) {
        this.secret = secret;
    }

    /** Secret values reach the pod only through secretKeyRef, never through the ConfigMap. */
    public boolean secret() {
        return secret;
    }
}
