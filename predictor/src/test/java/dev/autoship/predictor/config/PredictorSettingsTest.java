package dev.autoship.predictor.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
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
}
