package dev.autoship.predictor.config;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
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
        ConnectionLimits connections) {

    public enum LogFormat { TEXT, JSON }

    /** How long a client may take to send a request or keep an idle connection, and how many connections at once. */
    public record ConnectionLimits(Duration requestTimeout, Duration idleTimeout, int maxConnections) {
    }

    public record ElasticsearchSettings(URI url, String index, Optional<String> username, Optional<String> password,
                                        Optional<String> apiKey, Duration timeout) {
    }

    public record RedisSettings(URI url, Optional<String> username, Optional<String> password, String keyPrefix,
                                Duration timeout) {
    }

    public static PredictorSettings fromEnvironment() {
        return from(System.getenv());
    }

    /** Reads settings from a name→value map; a missing or blank entry takes the variable's default. */
    public static PredictorSettings from(Map<String, String> env) {
        Reader r = new Reader(env);
        int minExamples = r.positiveInt(AUTOSHIP_MIN_EXAMPLES);
        int maxExamples = r.positiveInt(AUTOSHIP_MAX_EXAMPLES);
        if (maxExamples < minExamples) {
            throw new InvalidSettingException(AUTOSHIP_MAX_EXAMPLES.envName() + " (" + maxExamples
                    + ") must be >= " + AUTOSHIP_MIN_EXAMPLES.envName() + " (" + minExamples + ")");
        }
        Optional<ElasticsearchSettings> es = r.optional(AUTOSHIP_ELASTICSEARCH_URL)
                .map(url -> new ElasticsearchSettings(
                        r.uri(AUTOSHIP_ELASTICSEARCH_URL, url, "http", "https"),
                        r.string(AUTOSHIP_ELASTICSEARCH_INDEX),
                        r.optional(AUTOSHIP_ELASTICSEARCH_USERNAME),
                        r.optional(AUTOSHIP_ELASTICSEARCH_PASSWORD),
                        r.optional(AUTOSHIP_ELASTICSEARCH_API_KEY),
                        r.positiveDuration(AUTOSHIP_ELASTICSEARCH_TIMEOUT)));
        Optional<RedisSettings> redis = r.optional(AUTOSHIP_REDIS_URL)
                .map(url -> new RedisSettings(
                        r.uri(AUTOSHIP_REDIS_URL, url, "redis", "rediss"),
                        r.optional(AUTOSHIP_REDIS_USERNAME),
                        r.optional(AUTOSHIP_REDIS_PASSWORD),
                        r.string(AUTOSHIP_REDIS_KEY_PREFIX),
                        r.positiveDuration(AUTOSHIP_REDIS_TIMEOUT)));
        return new PredictorSettings(
                r.port(AUTOSHIP_SERVER_PORT),
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
                        r.positiveInt(AUTOSHIP_MAX_CONNECTIONS)));
    }

    private record Reader(Map<String, String> env) {

        String string(EnvironmentVariable variable) {
            String value = env.get(variable.envName());
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
            String shown = variable.envName().endsWith("PASSWORD") || variable.envName().endsWith("API_KEY")
                    ? "(hidden)" : "'" + value + "'";
            return new InvalidSettingException(variable.envName() + " must be " + expected + ", got " + shown);
        }
    }
}
