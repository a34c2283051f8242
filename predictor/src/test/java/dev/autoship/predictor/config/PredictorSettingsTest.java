package dev.autoship.predictor.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PredictorSettingsTest {

    @Test
    void unsetEnvironmentGivesEmbeddedModeWithContractDefaults() {
        PredictorSettings settings = PredictorSettings.from(Map.of());

        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.maxRequestBytes()).isEqualTo(1_048_576);
        assertThat(settings.maxBatchOrders()).isEqualTo(1000);
        assertThat(settings.modelCacheTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.modelCacheMaxModels()).isEqualTo(1000);
        assertThat(settings.historyWindow()).isEqualTo(Duration.ofDays(90));
        assertThat(settings.minExamples()).isEqualTo(20);
        assertThat(settings.maxExamples()).isEqualTo(5000);
        assertThat(settings.elasticsearch()).isEmpty();
        assertThat(settings.redis()).isEmpty();
        assertThat(settings.logFormat()).isEqualTo(PredictorSettings.LogFormat.TEXT);
        assertThat(settings.shutdownGrace()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void backendsAreConfiguredByTheirUrls() {
        PredictorSettings settings = PredictorSettings.from(Map.of(
                "AUTOSHIP_ELASTICSEARCH_URL", "https://es.example:9200",
                "AUTOSHIP_ELASTICSEARCH_API_KEY", "c2VjcmV0",
                "AUTOSHIP_REDIS_URL", "rediss://redis.example:6380/2",
                "AUTOSHIP_REDIS_KEY_PREFIX", "cluster-a"));

        assertThat(settings.elasticsearch()).hasValueSatisfying(es -> {
            assertThat(es.url().getHost()).isEqualTo("es.example");
            assertThat(es.index()).isEqualTo("shipments");
            assertThat(es.apiKey()).contains("c2VjcmV0");
            assertThat(es.timeout()).isEqualTo(Duration.ofSeconds(5));
        });
        assertThat(settings.redis()).hasValueSatisfying(redis -> {
            assertThat(redis.url().getPort()).isEqualTo(6380);
            assertThat(redis.keyPrefix()).isEqualTo("cluster-a");
            assertThat(redis.timeout()).isEqualTo(Duration.ofMillis(500));
        });
    }

    @Test
    void badValuesAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_MODEL_CACHE_TTL", "24h")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("AUTOSHIP_MODEL_CACHE_TTL")
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_MIN_EXAMPLES", "-3")))
                .hasMessageContaining("AUTOSHIP_MIN_EXAMPLES");
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_REDIS_URL", "http://redis:6379")))
                .hasMessageContaining("AUTOSHIP_REDIS_URL");
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_LOG_FORMAT", "xml")))
                .hasMessageContaining("text or json");
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_SERVER_PORT", "70000")))
                .hasMessageContaining("AUTOSHIP_SERVER_PORT");
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_MIN_EXAMPLES", "50", "AUTOSHIP_MAX_EXAMPLES", "10")))
                .hasMessageContaining("AUTOSHIP_MAX_EXAMPLES");
    }

    /** A value each variable must refuse; every variable needs one (a new variable without one fails this test). */
    private static final Map<EnvironmentVariable, String> INVALID = Map.ofEntries(
            Map.entry(EnvironmentVariable.AUTOSHIP_SERVER_PORT, "http"),
            Map.entry(EnvironmentVariable.AUTOSHIP_MAX_REQUEST_BYTES, "1MB"),
            Map.entry(EnvironmentVariable.AUTOSHIP_MAX_BATCH_ORDERS, "0"),
            Map.entry(EnvironmentVariable.AUTOSHIP_MODEL_CACHE_TTL, "24h"),
            Map.entry(EnvironmentVariable.AUTOSHIP_MODEL_CACHE_MAX_MODELS, "-1"),
            Map.entry(EnvironmentVariable.AUTOSHIP_HISTORY_WINDOW, "90"),
            Map.entry(EnvironmentVariable.AUTOSHIP_MIN_EXAMPLES, "twenty"),
            Map.entry(EnvironmentVariable.AUTOSHIP_MAX_EXAMPLES, "3000000000"),
            Map.entry(EnvironmentVariable.AUTOSHIP_MAX_CONCURRENT_TRAININGS, "0"),
            Map.entry(EnvironmentVariable.AUTOSHIP_MODEL_TTL_JITTER, "0.7"),
            Map.entry(EnvironmentVariable.AUTOSHIP_MODEL_REFRESH_AT, "1.5"),
            Map.entry(EnvironmentVariable.AUTOSHIP_INSUFFICIENT_HISTORY_TTL, "1m"),
            Map.entry(EnvironmentVariable.AUTOSHIP_INSUFFICIENT_HISTORY_MAX_CUSTOMERS, "0"),
            Map.entry(EnvironmentVariable.AUTOSHIP_WARM_START_MODELS, "-1"),
            Map.entry(EnvironmentVariable.AUTOSHIP_WARM_START_TIMEOUT, "10s"),
            Map.entry(EnvironmentVariable.AUTOSHIP_TRUSTED_CA_FILE, "/no/such/ca.pem"),
            Map.entry(EnvironmentVariable.AUTOSHIP_ELASTICSEARCH_URL, "es:9200"),
            Map.entry(EnvironmentVariable.AUTOSHIP_ELASTICSEARCH_INDEX, "Shipments"),
            Map.entry(EnvironmentVariable.AUTOSHIP_ELASTICSEARCH_USERNAME, "elastic\nX-Injected: 1"),
            Map.entry(EnvironmentVariable.AUTOSHIP_ELASTICSEARCH_PASSWORD, "secret\r\nX-Injected: 1"),
            Map.entry(EnvironmentVariable.AUTOSHIP_ELASTICSEARCH_API_KEY, "c2Vj\ncmV0"),
            Map.entry(EnvironmentVariable.AUTOSHIP_ELASTICSEARCH_TIMEOUT, "5s"),
            Map.entry(EnvironmentVariable.AUTOSHIP_REDIS_URL, "redis://redis:6379/cache"),
            Map.entry(EnvironmentVariable.AUTOSHIP_REDIS_USERNAME, "user\tname"),
            Map.entry(EnvironmentVariable.AUTOSHIP_REDIS_PASSWORD, "pass\nword"),
            Map.entry(EnvironmentVariable.AUTOSHIP_REDIS_KEY_PREFIX, "my prefix"),
            Map.entry(EnvironmentVariable.AUTOSHIP_REDIS_TIMEOUT, "PT0S"),
            Map.entry(EnvironmentVariable.AUTOSHIP_LOG_FORMAT, "xml"),
            Map.entry(EnvironmentVariable.AUTOSHIP_SHUTDOWN_GRACE, "-PT1S"),
            Map.entry(EnvironmentVariable.AUTOSHIP_REQUEST_TIMEOUT, "PT0S"),
            Map.entry(EnvironmentVariable.AUTOSHIP_IDLE_TIMEOUT, "soon"),
            Map.entry(EnvironmentVariable.AUTOSHIP_MAX_CONNECTIONS, "0"),
            Map.entry(EnvironmentVariable.AUTOSHIP_MANAGEMENT_PORT, "65536"),
            Map.entry(EnvironmentVariable.AUTOSHIP_AUTO_SHIP_PRECISION, "0.4"),
            Map.entry(EnvironmentVariable.AUTOSHIP_CLUSTER_NAME, "eu west"),
            Map.entry(EnvironmentVariable.AUTOSHIP_PREDICTION_LOG_INDEX, "Predictions"),
            Map.entry(EnvironmentVariable.AUTOSHIP_PREDICTION_LOG_RETENTION, "PT12H"),
            Map.entry(EnvironmentVariable.AUTOSHIP_OUTCOME_CHECK_INTERVAL, "5m"),
            Map.entry(EnvironmentVariable.AUTOSHIP_DRIFT_MIN_OUTCOMES, "0"),
            Map.entry(EnvironmentVariable.AUTOSHIP_DRIFT_TOLERANCE, "1.5"));

    @ParameterizedTest
    @EnumSource(EnvironmentVariable.class)
    void everyVariableRefusesAnInvalidValueNamingIt(EnvironmentVariable variable) {
        assertThat(INVALID).as("an invalid value for " + variable).containsKey(variable);
        Map<String, String> env = new HashMap<>(Map.of(variable.name(), INVALID.get(variable)));
        // the credentials are checked in pairs: give each its partner so the value itself is what is refused
        env.putIfAbsent("AUTOSHIP_ELASTICSEARCH_USERNAME", "elastic");
        env.putIfAbsent("AUTOSHIP_ELASTICSEARCH_PASSWORD", "pw");
        env.putIfAbsent("AUTOSHIP_REDIS_USERNAME", "user");
        env.putIfAbsent("AUTOSHIP_REDIS_PASSWORD", "pw");

        assertThatThrownBy(() -> PredictorSettings.from(env))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith(variable.name() + " must be");
    }

    @Test
    void secretsAreNeverEchoed() {
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_ELASTICSEARCH_USERNAME", "elastic",
                "AUTOSHIP_ELASTICSEARCH_PASSWORD", "s3cret\nmore")))
                .hasMessageNotContaining("s3cret").hasMessageContaining("(hidden)");
    }

    @Test
    void credentialsComeInPairs() {
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_ELASTICSEARCH_USERNAME", "elastic")))
                .hasMessage("AUTOSHIP_ELASTICSEARCH_PASSWORD must be set when AUTOSHIP_ELASTICSEARCH_USERNAME is set");
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_REDIS_USERNAME", "app")))
                .hasMessage("AUTOSHIP_REDIS_PASSWORD must be set when AUTOSHIP_REDIS_USERNAME is set");
        assertThat(PredictorSettings.from(Map.of("AUTOSHIP_REDIS_URL", "redis://r:6379",
                "AUTOSHIP_REDIS_PASSWORD", "pw")).redis()).hasValueSatisfying(r -> assertThat(r.password()).contains("pw"));
    }

    @ParameterizedTest
    @CsvSource({"redis://r:6379, 0", "redis://r:6379/, 0", "rediss://r:6380/5, 5"})
    void redisDatabaseComesFromTheUrlPath(String url, int database) {
        assertThat(PredictorSettings.from(Map.of("AUTOSHIP_REDIS_URL", url)).redis().orElseThrow().database())
                .isEqualTo(database);
    }

    @ParameterizedTest
    @ValueSource(strings = {"shipments", "shipments-*", "eu:shipments", "shipments-2026,shipments-2025", ".hidden"})
    void searchableIndexNamesAreAccepted(String index) {
        assertThat(PredictorSettings.from(Map.of("AUTOSHIP_ELASTICSEARCH_INDEX", index)).elasticsearch()).isEmpty();
    }
}
