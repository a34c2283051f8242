package dev.autoship.predictor.config;

import dev.autoship.predictor.tls.TrustedCertificates;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
        ModelLifecycleSettings lifecycle) {

    public enum LogFormat { TEXT, JSON }

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

    /** @param trust the authorities trusted when {@code url} is https */
    public record ElasticsearchSettings(URI url, String index, Optional<String> username, Optional<String> password,
                                        Optional<String> apiKey, Duration timeout, TrustedCertificates trust) {
    }

    /** @param trust the authorities trusted when {@code url} is rediss */
    public record RedisSettings(URI url, Optional<String> username, Optional<String> password, String keyPrefix,
                                Duration timeout, TrustedCertificates trust) {
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
        TrustedCertificates trust = r.trust(AUTOSHIP_TRUSTED_CA_FILE);
        Optional<ElasticsearchSettings> es = r.optional(AUTOSHIP_ELASTICSEARCH_URL)
                .map(url -> new ElasticsearchSettings(
                        r.uri(AUTOSHIP_ELASTICSEARCH_URL, url, "http", "https"),
                        r.string(AUTOSHIP_ELASTICSEARCH_INDEX),
                        r.optional(AUTOSHIP_ELASTICSEARCH_USERNAME),
                        r.optional(AUTOSHIP_ELASTICSEARCH_PASSWORD),
                        r.optional(AUTOSHIP_ELASTICSEARCH_API_KEY),
                        r.positiveDuration(AUTOSHIP_ELASTICSEARCH_TIMEOUT),
                        trust));
        Optional<RedisSettings> redis = r.optional(AUTOSHIP_REDIS_URL)
                .map(url -> new RedisSettings(
                        r.uri(AUTOSHIP_REDIS_URL, url, "redis", "rediss"),
                        r.optional(AUTOSHIP_REDIS_USERNAME),
                        r.optional(AUTOSHIP_REDIS_PASSWORD),
                        r.string(AUTOSHIP_REDIS_KEY_PREFIX),
                        r.positiveDuration(AUTOSHIP_REDIS_TIMEOUT),
                        trust));
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
                new ModelLifecycleSettings(
                        r.fraction(AUTOSHIP_MODEL_TTL_JITTER, 0, 0.5, true),
                        r.fraction(AUTOSHIP_MODEL_REFRESH_AT, 0, 1, false),
                        r.nonNegativeDuration(AUTOSHIP_INSUFFICIENT_HISTORY_TTL),
                        r.positiveInt(AUTOSHIP_INSUFFICIENT_HISTORY_MAX_CUSTOMERS),
                        r.nonNegativeInt(AUTOSHIP_WARM_START_MODELS),
                        r.nonNegativeDuration(AUTOSHIP_WARM_START_TIMEOUT)));
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
                throw new InvalidSettingException(variable.envName() + " must be a file path (" + e.getMessage() + ")");
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(variable.envName() + " must be " + e.getMessage());
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
            String shown = variable.envName().endsWith("PASSWORD") || variable.envName().endsWith("API_KEY")
                    ? "(hidden)" : "'" + value + "'";
            return new InvalidSettingException(variable.envName() + " must be " + expected + ", got " + shown);
        }
    }
}
