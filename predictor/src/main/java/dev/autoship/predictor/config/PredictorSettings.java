package dev.autoship.predictor.config;

import dev.autoship.predictor.tls.TrustedCertificates;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.autoship.predictor.config.EnvironmentVariable.*;

/** The predictor's settings, read once at start from the environment (see {@link EnvironmentVariable}). */
public record PredictorSettings(
        int port,
        long maxRequestBytes,
        int maxBatchOrders,
        Duration modelCacheTtl,
        int modelCacheMaxModels,
        Duration historyWindow,
        int minExamples,
        int maxExamples,
        int maxConcurrentTrainings,
        Optional<ElasticsearchSettings> elasticsearch,
        Optional<RedisSettings> redis,
        LogFormat logFormat,
        Duration shutdownGrace,
        ConnectionLimits connections,
        ModelLifecycleSettings lifecycle,
        int managementPort,
        QualitySettings quality) {

    public enum LogFormat { TEXT, JSON }

    /** How long a client may take to send a request or keep an idle connection, and how many connections at once. */
    public record ConnectionLimits(Duration requestTimeout, Duration idleTimeout, int maxConnections) {
    }

    /**
     * @param ttlJitter                 share of the TTL a model's life is shortened by at most
     * @param refreshAt                 share of its life after which a model is refreshed ahead
     * @param insufficientHistoryTtl    how long "too little history" is remembered (zero: not at all)
     * @param insufficientHistoryMax    customers remembered at most
     * @param warmStartModels           recently used models loaded before serving
     * @param warmStartTimeout          longest the warm start takes
     */
    public record ModelLifecycleSettings(double ttlJitter, double refreshAt, Duration insufficientHistoryTtl,
                                         int insufficientHistoryMax, int warmStartModels, Duration warmStartTimeout) {
    }

    /**
     * @param autoShipPrecision      target precision of auto-shipped answers
     * @param clusterName            this predictor cluster's name in the prediction log
     * @param predictionLogIndex     base name of the daily prediction log indices; empty = no log, no outcomes
     * @param predictionLogRetention how long daily log indices are kept
     * @param outcomeCheckInterval   how often predictions are joined with the shipments that followed
     * @param driftMinOutcomes       resolved predictions needed before live accuracy counts
     * @param driftTolerance         live accuracy this far below validation accuracy triggers a refresh
     */
    public record QualitySettings(double autoShipPrecision, String clusterName, Optional<String> predictionLogIndex,
                                  Duration predictionLogRetention, Duration outcomeCheckInterval, int driftMinOutcomes,
                                  double driftTolerance) {
    }

    /** @param trust the authorities trusted when {@code url} is https */
    public record ElasticsearchSettings(URI url, String index, Optional<String> username, Optional<String> password,
                                        Optional<String> apiKey, Duration timeout, TrustedCertificates trust) {
    }

    /**
     * @param servers  where Redis is: one server, a master found through sentinels, or a cluster
     * @param tls      whether connections use TLS ({@code rediss} URL or {@code AUTOSHIP_REDIS_TLS})
     * @param database the database number (URL path or {@code AUTOSHIP_REDIS_DATABASE}; always 0 in a cluster)
     * @param username ACL user of the data nodes
     * @param password password of the data nodes
     * @param trust    the authorities trusted when {@code tls}
     */
    public record RedisSettings(RedisServers servers, boolean tls, int database, Optional<String> username,
                                Optional<String> password, String keyPrefix, Duration timeout, TrustedCertificates trust) {
    }

    /** A Redis server's address as configured (a sentinel or a cluster may hand out others). */
    public record RedisAddress(String host, int port) {
        @Override
        public String toString() {
            return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    /** The three ways of reaching Redis; exactly one is configured when Redis is. */
    public sealed interface RedisServers {
        /** What a log line may say about it (never a credential). */
        String describe();

        record Standalone(RedisAddress address) implements RedisServers {
            @Override
            public String describe() {
                return "Redis " + address;
            }
        }

        record Sentinel(List<RedisAddress> sentinels, String masterName, Optional<String> sentinelPassword)
                implements RedisServers {
            @Override
            public String describe() {
                return "Redis master " + masterName + " via sentinels " + join(sentinels);
            }
        }

        record Cluster(List<RedisAddress> seeds) implements RedisServers {
            @Override
            public String describe() {
                return "Redis Cluster seeded by " + join(seeds);
            }
        }

        private static String join(List<RedisAddress> addresses) {
            return String.join(",", addresses.stream().map(RedisAddress::toString).toList());
        }
    }

    public static PredictorSettings fromEnvironment() {
        return from(System.getenv());
    }

    /**
     * Reads settings from a name→value map; a missing or blank entry takes the variable's default. Every variable
     * is checked, also those of a backend that is not configured, so a wrong value never waits to be noticed.
     */
    public static PredictorSettings from(Map<String, String> env) {
        Reader r = new Reader(env);
        int minExamples = r.positiveInt(AUTOSHIP_MIN_EXAMPLES);
        int maxExamples = r.positiveInt(AUTOSHIP_MAX_EXAMPLES);
        if (maxExamples < minExamples) {
            throw new InvalidSettingException(AUTOSHIP_MAX_EXAMPLES.name() + " (" + maxExamples
                    + ") must be >= " + AUTOSHIP_MIN_EXAMPLES.name() + " (" + minExamples + ")");
        }
        String index = r.indexName(AUTOSHIP_ELASTICSEARCH_INDEX);
        Optional<String> esUsername = r.headerSafe(AUTOSHIP_ELASTICSEARCH_USERNAME);
        Optional<String> esPassword = r.headerSafe(AUTOSHIP_ELASTICSEARCH_PASSWORD);
        r.requireBoth(AUTOSHIP_ELASTICSEARCH_USERNAME, esUsername, AUTOSHIP_ELASTICSEARCH_PASSWORD, esPassword);
        Optional<String> apiKey = r.headerSafe(AUTOSHIP_ELASTICSEARCH_API_KEY);
        Duration esTimeout = r.positiveDuration(AUTOSHIP_ELASTICSEARCH_TIMEOUT);
        TrustedCertificates trust = r.trust(AUTOSHIP_TRUSTED_CA_FILE);
        Optional<ElasticsearchSettings> es = r.optional(AUTOSHIP_ELASTICSEARCH_URL)
                .map(url -> new ElasticsearchSettings(r.uri(AUTOSHIP_ELASTICSEARCH_URL, url, "http", "https"), index,
                        esUsername, esPassword, apiKey, esTimeout, trust));
        Optional<String> redisUsername = r.headerSafe(AUTOSHIP_REDIS_USERNAME);
        Optional<String> redisPassword = r.headerSafe(AUTOSHIP_REDIS_PASSWORD);
        if (redisUsername.isPresent()) {
            r.requireBoth(AUTOSHIP_REDIS_USERNAME, redisUsername, AUTOSHIP_REDIS_PASSWORD, redisPassword);
        }
        String keyPrefix = r.keyPrefix(AUTOSHIP_REDIS_KEY_PREFIX);
        Duration redisTimeout = r.positiveDuration(AUTOSHIP_REDIS_TIMEOUT);
        Optional<RedisSettings> redis = r.redis(redisUsername, redisPassword, keyPrefix, redisTimeout, trust);
        int port = r.port(AUTOSHIP_SERVER_PORT);
        int managementPort = r.port(AUTOSHIP_MANAGEMENT_PORT);
        if (port == managementPort && port != 0) {
            throw new InvalidSettingException(AUTOSHIP_MANAGEMENT_PORT.name() + " (" + managementPort
                    + ") must differ from " + AUTOSHIP_SERVER_PORT.name());
        }
        Optional<String> logIndex = r.optional(AUTOSHIP_PREDICTION_LOG_INDEX).map(name -> r.indexName(AUTOSHIP_PREDICTION_LOG_INDEX));
        Duration retention = r.positiveDuration(AUTOSHIP_PREDICTION_LOG_RETENTION);
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new InvalidSettingException(AUTOSHIP_PREDICTION_LOG_RETENTION.name()
                    + " must be at least P1D (the log is kept in daily indices), got '" + r.string(AUTOSHIP_PREDICTION_LOG_RETENTION) + "'");
        }
        QualitySettings quality = new QualitySettings(
                r.fraction(AUTOSHIP_AUTO_SHIP_PRECISION, 0.5, 1, true),
                r.name(AUTOSHIP_CLUSTER_NAME),
                logIndex,
                retention,
                r.positiveDuration(AUTOSHIP_OUTCOME_CHECK_INTERVAL),
                r.positiveInt(AUTOSHIP_DRIFT_MIN_OUTCOMES),
                r.fraction(AUTOSHIP_DRIFT_TOLERANCE, 0, 1, true));
        return new PredictorSettings(
                port,
                r.positiveLong(AUTOSHIP_MAX_REQUEST_BYTES),
                r.positiveInt(AUTOSHIP_MAX_BATCH_ORDERS),
                r.positiveDuration(AUTOSHIP_MODEL_CACHE_TTL),
                r.positiveInt(AUTOSHIP_MODEL_CACHE_MAX_MODELS),
                r.positiveDuration(AUTOSHIP_HISTORY_WINDOW),
                minExamples,
                maxExamples,
                r.positiveInt(AUTOSHIP_MAX_CONCURRENT_TRAININGS),
                es,
                redis,
                r.logFormat(AUTOSHIP_LOG_FORMAT),
                r.nonNegativeDuration(AUTOSHIP_SHUTDOWN_GRACE),
                new ConnectionLimits(
                        r.positiveDuration(AUTOSHIP_REQUEST_TIMEOUT),
                        r.positiveDuration(AUTOSHIP_IDLE_TIMEOUT),
                        r.positiveInt(AUTOSHIP_MAX_CONNECTIONS)),
                new ModelLifecycleSettings(
                        r.fraction(AUTOSHIP_MODEL_TTL_JITTER, 0, 0.5, true),
                        r.fraction(AUTOSHIP_MODEL_REFRESH_AT, 0, 1, false),
                        r.nonNegativeDuration(AUTOSHIP_INSUFFICIENT_HISTORY_TTL),
                        r.positiveInt(AUTOSHIP_INSUFFICIENT_HISTORY_MAX_CUSTOMERS),
                        r.nonNegativeInt(AUTOSHIP_WARM_START_MODELS),
                        r.nonNegativeDuration(AUTOSHIP_WARM_START_TIMEOUT)),
                managementPort,
                quality);
    }

    private record Reader(Map<String, String> env) {

        String string(EnvironmentVariable variable) {
            String value = env.get(variable.name());
            return value == null || value.isBlank() ? variable.defaultValue() : value.strip();
        }

        Optional<String> optional(EnvironmentVariable variable) {
            String value = string(variable);
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }

        long positiveLong(EnvironmentVariable variable) {
            String value = string(variable);
            try {
                long parsed = Long.parseLong(value);
                if (parsed > 0) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw invalid(variable, value, "a whole number > 0");
        }

        int positiveInt(EnvironmentVariable variable) {
            long value = positiveLong(variable);
            if (value > Integer.MAX_VALUE) {
                throw invalid(variable, Long.toString(value), "a whole number <= " + Integer.MAX_VALUE);
            }
            return (int) value;
        }

        int nonNegativeInt(EnvironmentVariable variable) {
            String value = string(variable);
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= 0) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw invalid(variable, value, "a whole number >= 0");
        }

        /** A number in (low, high], or [low, high] when {@code lowIncluded}. */
        double fraction(EnvironmentVariable variable, double low, double high, boolean lowIncluded) {
            String value = string(variable);
            try {
                double parsed = Double.parseDouble(value);
                if ((lowIncluded ? parsed >= low : parsed > low) && parsed <= high) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw invalid(variable, value, "a number " + (lowIncluded ? ">= " : "> ") + low + " and <= " + high);
        }

        int port(EnvironmentVariable variable) {
            String value = string(variable);
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw invalid(variable, value, "a port number 1..65535 (0 = any free port)");
        }

        Duration positiveDuration(EnvironmentVariable variable) {
            Duration duration = nonNegativeDuration(variable);
            if (duration.isZero()) {
                throw invalid(variable, string(variable), "an ISO-8601 duration > 0");
            }
            return duration;
        }

        Duration nonNegativeDuration(EnvironmentVariable variable) {
            String value = string(variable);
            try {
                Duration duration = Duration.parse(value);
                if (!duration.isNegative()) {
                    return duration;
                }
            } catch (DateTimeParseException ignored) {
                // reported below
            }
            throw invalid(variable, value, "an ISO-8601 duration >= 0 such as PT30S, PT24H or P90D");
        }

        URI uri(EnvironmentVariable variable, String value, String... schemes) {
            try {
                URI uri = URI.create(value);
                for (String scheme : schemes) {
                    if (scheme.equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
                        return uri;
                    }
                }
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
            throw invalid(variable, value, "a URL with scheme " + String.join(" or ", schemes) + " and a host");
        }

        TrustedCertificates trust(EnvironmentVariable variable) {
            Optional<String> file = optional(variable);
            if (file.isEmpty()) {
                return TrustedCertificates.jvmDefault();
            }
            try {
                return TrustedCertificates.withBundle(Path.of(file.get()));
            } catch (InvalidPathException e) {
                throw new InvalidSettingException(variable.name() + " must be a file path (" + e.getMessage() + ")");
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(variable.name() + " must be " + e.getMessage());
            }
        }

        /** A value sent in an HTTP header or a Redis command: no control characters (a line break would end it). */
        Optional<String> headerSafe(EnvironmentVariable variable) {
            Optional<String> value = optional(variable);
            if (value.isPresent() && value.get().chars().anyMatch(Character::isISOControl)) {
                throw invalid(variable, value.get(), "free of control characters (line breaks, tabs)");
            }
            return value;
        }

        void requireBoth(EnvironmentVariable first, Optional<String> firstValue, EnvironmentVariable second,
                         Optional<String> secondValue) {
            if (firstValue.isPresent() != secondValue.isPresent()) {
                EnvironmentVariable missing = firstValue.isPresent() ? second : first;
                EnvironmentVariable set = firstValue.isPresent() ? first : second;
                throw new InvalidSettingException(missing.name() + " must be set when " + set.name() + " is set");
            }
        }

        /**
         * Elasticsearch's rules for index and alias names; what a search may also name (a pattern such as
         * {@code shipments-*}, a list, a remote cluster's {@code cluster:shipments}) stays allowed.
         */
        String indexName(EnvironmentVariable variable) {
            String value = string(variable);
            boolean valid = value.equals(value.toLowerCase(java.util.Locale.ROOT))
                    && value.chars().noneMatch(c -> "\\/?\"<>| #".indexOf(c) >= 0 || Character.isISOControl(c))
                    && !value.startsWith("-") && !value.startsWith("_") && !value.startsWith("+")
                    && !value.equals(".") && !value.equals("..")
                    && value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 255;
            if (!valid) {
                throw invalid(variable, value, "an Elasticsearch index or alias name: lower case, no spaces or "
                        + "\\ / ? \" < > | #, not starting with - _ +, at most 255 bytes");
            }
            return value;
        }

        String keyPrefix(EnvironmentVariable variable) {
            String value = string(variable);
            if (value.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
                throw invalid(variable, value, "a Redis key prefix without spaces or control characters");
            }
            return value;
        }

        String name(EnvironmentVariable variable) {
            String value = string(variable);
            if (value.length() > 253 || value.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
                throw invalid(variable, value, "a name of at most 253 characters without spaces or control characters");
            }
            return value;
        }

        int redisDatabase(EnvironmentVariable variable, URI url) {
            String path = url.getPath();
            if (path == null || path.isEmpty() || path.equals("/")) {
                return 0;
            }
            try {
                int database = Integer.parseInt(path.substring(1));
                if (database >= 0 && url.getQuery() == null && url.getFragment() == null) {
                    return database;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw invalid(variable, url.toString(), "a Redis URL whose path is a database number (redis://host:6379/0)");
        }

        boolean isSet(EnvironmentVariable variable) {
            String value = env.get(variable.name());
            return value != null && !value.isBlank();
        }

        boolean bool(EnvironmentVariable variable) {
            String value = string(variable);
            if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(value);
            }
            throw invalid(variable, value, "true or false");
        }

        /**
         * The Redis mode: at most one of URL, sentinels and cluster nodes. Every Redis variable is checked, also
         * those of a mode that is not chosen, and one that would be ignored in the chosen mode is refused.
         */
        Optional<RedisSettings> redis(Optional<String> username, Optional<String> password, String keyPrefix,
                                      Duration timeout, TrustedCertificates trust) {
            List<RedisAddress> sentinels = addresses(AUTOSHIP_REDIS_SENTINELS);
            List<RedisAddress> seeds = addresses(AUTOSHIP_REDIS_CLUSTER_NODES);
            Optional<String> master = optional(AUTOSHIP_REDIS_SENTINEL_MASTER);
            if (master.isPresent() && master.get().chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
                throw invalid(AUTOSHIP_REDIS_SENTINEL_MASTER, master.get(), "a master name without spaces or control characters");
            }
            Optional<String> sentinelPassword = headerSafe(AUTOSHIP_REDIS_SENTINEL_PASSWORD);
            boolean tls = bool(AUTOSHIP_REDIS_TLS);
            int database = nonNegativeInt(AUTOSHIP_REDIS_DATABASE);
            Optional<URI> url = optional(AUTOSHIP_REDIS_URL).map(value -> uri(AUTOSHIP_REDIS_URL, value, "redis", "rediss"));
            url.ifPresent(u -> redisDatabase(AUTOSHIP_REDIS_URL, u));

            List<EnvironmentVariable> modes = new ArrayList<>();
            url.ifPresent(u -> modes.add(AUTOSHIP_REDIS_URL));
            if (!sentinels.isEmpty()) {
                modes.add(AUTOSHIP_REDIS_SENTINELS);
            }
            if (!seeds.isEmpty()) {
                modes.add(AUTOSHIP_REDIS_CLUSTER_NODES);
            }
            if (modes.size() > 1) {
                throw new InvalidSettingException(modes.get(1).name() + " must not be set together with "
                        + modes.getFirst().name() + (modes.size() > 2 ? " and " + modes.get(2).name() : "")
                        + ": set at most one of AUTOSHIP_REDIS_URL, AUTOSHIP_REDIS_SENTINELS and AUTOSHIP_REDIS_CLUSTER_NODES");
            }
            if (sentinels.isEmpty()) {
                for (EnvironmentVariable sentinelOnly : List.of(AUTOSHIP_REDIS_SENTINEL_MASTER, AUTOSHIP_REDIS_SENTINEL_PASSWORD)) {
                    if (isSet(sentinelOnly)) {
                        throw new InvalidSettingException(sentinelOnly.name() + " must be set only with AUTOSHIP_REDIS_SENTINELS");
                    }
                }
            } else if (master.isEmpty()) {
                throw new InvalidSettingException(AUTOSHIP_REDIS_SENTINEL_MASTER.name() + " must be set when "
                        + AUTOSHIP_REDIS_SENTINELS.name() + " is set");
            }
            if (url.isPresent()) {
                for (EnvironmentVariable urlSays : List.of(AUTOSHIP_REDIS_TLS, AUTOSHIP_REDIS_DATABASE)) {
                    if (isSet(urlSays)) {
                        throw new InvalidSettingException(urlSays.name() + " must be unset with AUTOSHIP_REDIS_URL "
                                + "(the URL says it: rediss:// for TLS, /<number> for the database)");
                    }
                }
            }
            if (!seeds.isEmpty() && database != 0) {
                throw invalid(AUTOSHIP_REDIS_DATABASE, Integer.toString(database),
                        "0 with AUTOSHIP_REDIS_CLUSTER_NODES (a Redis Cluster has only database 0)");
            }
            if (url.isPresent()) {
                URI u = url.get();
                RedisAddress address = new RedisAddress(u.getHost(), u.getPort() > 0 ? u.getPort() : 6379);
                return Optional.of(new RedisSettings(new RedisServers.Standalone(address), "rediss".equalsIgnoreCase(u.getScheme()),
                        redisDatabase(AUTOSHIP_REDIS_URL, u), username, password, keyPrefix, timeout, trust));
            }
            Optional<RedisServers> servers = !sentinels.isEmpty()
                    ? Optional.of(new RedisServers.Sentinel(sentinels, master.orElseThrow(), sentinelPassword))
                    : seeds.isEmpty() ? Optional.empty() : Optional.of(new RedisServers.Cluster(seeds));
            return servers.map(chosen -> new RedisSettings(chosen, tls, database, username, password, keyPrefix, timeout, trust));
        }

        /** A comma-separated list of {@code host:port} ({@code [v6]:port} for IPv6); empty when unset. */
        List<RedisAddress> addresses(EnvironmentVariable variable) {
            Optional<String> value = optional(variable);
            if (value.isEmpty()) {
                return List.of();
            }
            List<RedisAddress> addresses = new ArrayList<>();
            for (String item : value.get().split(",", -1)) {
                addresses.add(address(item.strip()).orElseThrow(() -> invalid(variable, value.get(),
                        "a comma-separated list of host:port (IPv6 as [address]:port)")));
            }
            return List.copyOf(addresses);
        }

        private static Optional<RedisAddress> address(String item) {
            int colon = item.lastIndexOf(':');
            if (colon <= 0 || colon == item.length() - 1) {
                return Optional.empty();
            }
            String host = item.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.indexOf(':') >= 0) {
                return Optional.empty();
            }
            if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                    || "/[]@?#".indexOf(c) >= 0)) {
                return Optional.empty();
            }
            try {
                int port = Integer.parseInt(item.substring(colon + 1));
                return port >= 1 && port <= 65535 ? Optional.of(new RedisAddress(host, port)) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        LogFormat logFormat(EnvironmentVariable variable) {
            String value = string(variable);
            for (LogFormat format : LogFormat.values()) {
                if (format.name().equalsIgnoreCase(value)) {
                    return format;
                }
            }
            throw invalid(variable, value, "text or json");
        }

        private static InvalidSettingException invalid(EnvironmentVariable variable, String value, String expected) {
            // never echo values of secrets
            String shown = variable.secret()
                    ? "(hidden)" : "'" + value + "'";
            return new InvalidSettingException(variable.name() + " must be " + expected + ", got " + shown);
        }
    }
}
