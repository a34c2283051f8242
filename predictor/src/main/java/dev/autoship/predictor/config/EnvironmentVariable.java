package dev.autoship.predictor.config;

/** Every setting of the predictor; the process is configured only through these environment variables. */
public enum EnvironmentVariable {
    AUTOSHIP_SERVER_PORT("8080", "public HTTP port: predictions, `GET /v1/models/{customerId}`, `/openapi`"),
    AUTOSHIP_MANAGEMENT_PORT("9090", "management HTTP port: health (`/observe/health`), metrics (`/observe/metrics`) and the admin operation `DELETE /v1/models/{customerId}`; keep it reachable only by probes, monitoring and admins"),
    AUTOSHIP_MAX_REQUEST_BYTES("1048576", "request bodies larger than this get 413"),
    AUTOSHIP_MAX_BATCH_ORDERS("1000", "orders per batch request; more gets 400 naming `orders`"),
    AUTOSHIP_MODEL_CACHE_TTL("PT24H", "ISO-8601 duration a trained model is reused (memory and Redis)"),
    AUTOSHIP_MODEL_CACHE_MAX_MODELS("1000", "models held in process memory (LRU)"),
    AUTOSHIP_HISTORY_WINDOW("P90D", "ISO-8601 duration of history used for training"),
    AUTOSHIP_MIN_EXAMPLES("20", "fewer shipments than this → 422 insufficient_history"),
    AUTOSHIP_MAX_EXAMPLES("5000", "newest shipments used at most"),
    AUTOSHIP_MAX_CONCURRENT_TRAININGS("2", "training threads, apart from the request threads: models trained at once; more trainings queue (bounds the CPU and heap a burst of new customers takes from serving)"),
    AUTOSHIP_MODEL_TTL_JITTER("0.1", "share of `AUTOSHIP_MODEL_CACHE_TTL` a model's life is shortened by at most (0..0.5, derived from customer and training time), so models trained together do not expire together"),
    AUTOSHIP_MODEL_REFRESH_AT("0.8", "share of its life (0..1] after which a model is refreshed in the background (newer model from Redis, else trained under the lock by one instance) while it keeps answering; at the end of its life it is no longer used"),
    AUTOSHIP_INSUFFICIENT_HISTORY_TTL("PT1M", "how long a customer found with too little history gets 422 without Elasticsearch being asked again (PT0S = not remembered)"),
    AUTOSHIP_INSUFFICIENT_HISTORY_MAX_CUSTOMERS("10000", "customers with too little history remembered at most"),
    AUTOSHIP_WARM_START_MODELS("200", "most recently used models (Redis recency index) loaded into memory before the instance starts serving (0 = none)"),
    AUTOSHIP_WARM_START_TIMEOUT("PT10S", "longest the warm start (loading recent models, then warming up prediction and training in process) may delay readiness; it stops there with what it did"),
    AUTOSHIP_ELASTICSEARCH_URL("", "e.g. https://es:9200; unset = embedded demo history"),
    AUTOSHIP_ELASTICSEARCH_INDEX("shipments", "index (or alias) holding shipment history"),
    AUTOSHIP_ELASTICSEARCH_USERNAME("", "basic-auth user"),
    AUTOSHIP_ELASTICSEARCH_PASSWORD("", "basic-auth password (from a Secret)", Secret.YES),
    AUTOSHIP_ELASTICSEARCH_API_KEY("", "API key (from a Secret); wins over basic auth", Secret.YES),
    AUTOSHIP_ELASTICSEARCH_TIMEOUT("PT5S", "connect and request timeout"),
    // Redis: at most one of URL, SENTINELS and CLUSTER_NODES (none = in-process cache only)
    AUTOSHIP_REDIS_URL("", "one Redis: redis://host:6379/0 or rediss://… for TLS; unset = in-process cache only"),
    AUTOSHIP_REDIS_SENTINELS("", "Redis behind Sentinel: comma-separated sentinel `host:port`s; the master is asked of them and followed through failovers"),
    AUTOSHIP_REDIS_SENTINEL_MASTER("", "master name the sentinels monitor (required with `AUTOSHIP_REDIS_SENTINELS`)"),
    AUTOSHIP_REDIS_SENTINEL_PASSWORD("", "password of the sentinels themselves, when they have one (from a Secret); the data nodes take `AUTOSHIP_REDIS_USERNAME`/`_PASSWORD`", Secret.YES),
    AUTOSHIP_REDIS_CLUSTER_NODES("", "Redis Cluster: comma-separated seed `host:port`s (any few nodes; the others are discovered)"),
    AUTOSHIP_REDIS_TLS("false", "true = TLS to the sentinels and data nodes or cluster nodes (with `AUTOSHIP_REDIS_URL` the scheme `rediss` says it instead)"),
    AUTOSHIP_REDIS_DATABASE("0", "database number with `AUTOSHIP_REDIS_SENTINELS` (a Redis Cluster has only 0; with `AUTOSHIP_REDIS_URL` the URL's path says it)"),
    AUTOSHIP_REDIS_USERNAME("", "Redis ACL user (data nodes)"),
    AUTOSHIP_REDIS_PASSWORD("", "Redis password (data nodes; from a Secret)", Secret.YES),
    AUTOSHIP_REDIS_KEY_PREFIX("autoship", "namespace of model keys (one per cluster)"),
    AUTOSHIP_REDIS_TIMEOUT("PT0.5S", "bound of every Redis call as a whole (and of each connect and read in it)"),
    AUTOSHIP_TRUSTED_CA_FILE("", "PEM file of CA certificates trusted, besides the JVM's, for https Elasticsearch and rediss Redis (e.g. a private CA)"),
    AUTOSHIP_LOG_FORMAT("text", "text or json"),
    AUTOSHIP_SHUTDOWN_GRACE("PT20S", "on SIGTERM: stop accepting, finish in-flight requests up to this long"),
    // client connections (slow or unfinished requests, idle keep-alive, how many at once)
    AUTOSHIP_REQUEST_TIMEOUT("PT10S", "a request must arrive completely (head and body) within this long of its first byte (a connection's first request: of the predictor starting to serve the connection, so a client that connects and sends nothing is closed too), else its connection is closed"),
    AUTOSHIP_IDLE_TIMEOUT("PT60S", "a kept-alive connection that sends no request for this long is closed"),
    AUTOSHIP_MAX_CONNECTIONS("2000", "client connections served at once on the public port; a new one beyond them takes the place of the connection that has waited longest for its request (else of the kept-alive one idle longest), and is closed at once only when every connection is answering a request"),
    // prediction quality: validation, auto-ship decisions, the outcome loop
    AUTOSHIP_AUTO_SHIP_PRECISION("0.95", "target precision of `autoShip: true` answers (0.5..1): each model's auto-ship threshold is the lowest confidence whose validated precision (lower confidence bound) reaches it"),
    AUTOSHIP_CLUSTER_NAME("default", "name of this predictor cluster, written in every prediction log entry so clusters sharing an Elasticsearch never count each other's outcomes"),
    AUTOSHIP_PREDICTION_LOG_INDEX("", "base name of the daily prediction log indices (`<name>-yyyy.MM.dd`) in the history's Elasticsearch; unset = no prediction log and no outcomes (embedded mode, without Elasticsearch, always keeps an in-memory log)"),
    AUTOSHIP_PREDICTION_LOG_RETENTION("P30D", "daily prediction log indices older than this are deleted (at least P1D)"),
    AUTOSHIP_OUTCOME_CHECK_INTERVAL("PT5M", "how often logged predictions are joined with the shipments that followed them"),
    AUTOSHIP_DRIFT_MIN_OUTCOMES("30", "resolved predictions of the current model needed before its live accuracy can trigger a refresh"),
    AUTOSHIP_DRIFT_TOLERANCE("0.1", "a model is refreshed at once when its live accuracy falls more than this (absolute, 0..1) below its validation accuracy");

    /** Whether a variable holds a credential. */
    enum Secret { YES, NO }

    private final String defaultValue;
    private final String description;
    private final Secret secret;

    EnvironmentVariable(String defaultValue, String description) {
        this(defaultValue, description, Secret.NO);
    }

    EnvironmentVariable(String defaultValue, String description, Secret secret) {
        this.defaultValue = defaultValue;
        this.description = description;
        this.secret = secret;
    }

    /** A credential: its value is never shown in messages, and an operator passes it from a Secret. */
    public boolean secret() {
        return secret == Secret.YES;
    }

    /** The value used when the variable is unset; an empty string means "unset" (the feature is off). */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
