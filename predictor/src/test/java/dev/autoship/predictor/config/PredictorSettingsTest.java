package dev.autoship.predictor.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
            assertThat(redis.servers()).isEqualTo(new PredictorSettings.RedisServers.Standalone(new PredictorSettings.RedisAddress("redis.example", 6380)));
            assertThat(redis.tls()).isTrue();
            assertThat(redis.database()).isEqualTo(2);
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
            Map.entry(EnvironmentVariable.AUTOSHIP_REDIS_SENTINELS, "sentinel-0:26379,sentinel-1"),
            Map.entry(EnvironmentVariable.AUTOSHIP_REDIS_SENTINEL_MASTER, "my master"),
            Map.entry(EnvironmentVariable.AUTOSHIP_REDIS_SENTINEL_PASSWORD, "pass\nword"),
            Map.entry(EnvironmentVariable.AUTOSHIP_REDIS_CLUSTER_NODES, "redis-0:6379,redis-1:http"),
            Map.entry(EnvironmentVariable.AUTOSHIP_REDIS_TLS, "yes"),
            Map.entry(EnvironmentVariable.AUTOSHIP_REDIS_DATABASE, "-1"),
            Map.entry(EnvironmentVariable.AUTOSHIP_REDIS_USERNAME, "user\tname"),
            Map.entry(EnvironmentVariable.AUTOSHIP_REDIS_PASSWORD, "pass\nword"),
            Map.entry(EnvironmentVariable.AUTOSHIP_REDIS_KEY_PREFIX, "my prefix"),
            Map.entry(EnvironmentVariable.AUTOSHIP_REDIS_TIMEOUT, "PT0S"),
            Map.entry(EnvironmentVariable.AUTOSHIP_LOG_FORMAT, "xml"),
            Map.entry(EnvironmentVariable.AUTOSHIP_SHUTDOWN_GRACE, "-PT1S"),
            Map.entry(EnvironmentVariable.AUTOSHIP_REQUEST_TIMEOUT, "PT0S"),
            Map.entry(EnvironmentVariable.AUTOSHIP_IDLE_TIMEOUT, "soon"),
            Map.entry(EnvironmentVariable.AUTOSHIP_MAX_CONNECTIONS, "0"),
            Map.entry(EnvironmentVariable.AUTOSHIP_MANAGEMENT_PORT, "-1"),
            Map.entry(EnvironmentVariable.AUTOSHIP_AUTO_SHIP_PRECISION, "0.3"),
            Map.entry(EnvironmentVariable.AUTOSHIP_CLUSTER_NAME, "shop one"),
            Map.entry(EnvironmentVariable.AUTOSHIP_PREDICTION_LOG_INDEX, "Predictions"),
            Map.entry(EnvironmentVariable.AUTOSHIP_PREDICTION_LOG_RETENTION, "PT12H"),
            Map.entry(EnvironmentVariable.AUTOSHIP_OUTCOME_CHECK_INTERVAL, "5m"),
            Map.entry(EnvironmentVariable.AUTOSHIP_DRIFT_MIN_OUTCOMES, "0"),
            Map.entry(EnvironmentVariable.AUTOSHIP_DRIFT_TOLERANCE, "1.5"));

    @Test
    void theManagementPortMustDifferFromThePublicOneUnlessBothAreChosenFree() {
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_SERVER_PORT", "8080", "AUTOSHIP_MANAGEMENT_PORT", "8080")))
                .hasMessage("AUTOSHIP_MANAGEMENT_PORT (8080) must differ from AUTOSHIP_SERVER_PORT");
        assertThat(PredictorSettings.from(Map.of("AUTOSHIP_SERVER_PORT", "0", "AUTOSHIP_MANAGEMENT_PORT", "0"))
                .managementPort()).isZero();
        assertThat(PredictorSettings.from(Map.of()).managementPort()).isEqualTo(9090);
    }

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
        assertThat(PredictorSettings.from(Map.of("AUTOSHIP_ELASTICSEARCH_URL", "http://es:9200",
                "AUTOSHIP_ELASTICSEARCH_INDEX", index)).elasticsearch().orElseThrow().index()).isEqualTo(index);
    }

    @Test
    void sentinelModeNamesTheSentinelsTheMasterAndItsOwnPassword() {
        PredictorSettings.RedisSettings redis = PredictorSettings.from(Map.of(
                "AUTOSHIP_REDIS_SENTINELS", "sentinel-0.redis:26379, sentinel-1.redis:26379,[fd00::1]:26380",
                "AUTOSHIP_REDIS_SENTINEL_MASTER", "mymaster",
                "AUTOSHIP_REDIS_SENTINEL_PASSWORD", "sentinel-secret",
                "AUTOSHIP_REDIS_PASSWORD", "data-secret",
                "AUTOSHIP_REDIS_TLS", "true",
                "AUTOSHIP_REDIS_DATABASE", "3")).redis().orElseThrow();

        assertThat(redis.servers()).isEqualTo(new PredictorSettings.RedisServers.Sentinel(List.of(
                new PredictorSettings.RedisAddress("sentinel-0.redis", 26379),
                new PredictorSettings.RedisAddress("sentinel-1.redis", 26379),
                new PredictorSettings.RedisAddress("fd00::1", 26380)), "mymaster", Optional.of("sentinel-secret")));
        assertThat(redis.password()).contains("data-secret");
        assertThat(redis.tls()).isTrue();
        assertThat(redis.database()).isEqualTo(3);
        assertThat(redis.servers().describe()).doesNotContain("secret")
                .isEqualTo("Redis master mymaster via sentinels sentinel-0.redis:26379,sentinel-1.redis:26379,[fd00::1]:26380");
    }

    @Test
    void clusterModeTakesSeedsAndOnlyDatabaseZero() {
        PredictorSettings.RedisSettings redis = PredictorSettings.from(Map.of(
                "AUTOSHIP_REDIS_CLUSTER_NODES", "redis-0:6379,redis-1:6379")).redis().orElseThrow();
        assertThat(redis.servers()).isEqualTo(new PredictorSettings.RedisServers.Cluster(List.of(
                new PredictorSettings.RedisAddress("redis-0", 6379), new PredictorSettings.RedisAddress("redis-1", 6379))));
        assertThat(redis.tls()).isFalse();
        assertThat(redis.database()).isZero();

        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_REDIS_CLUSTER_NODES", "redis-0:6379",
                "AUTOSHIP_REDIS_DATABASE", "2")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("AUTOSHIP_REDIS_DATABASE must be 0 with AUTOSHIP_REDIS_CLUSTER_NODES (a Redis Cluster has "
                        + "only database 0), got '2'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "AUTOSHIP_REDIS_URL=redis://r:6379|AUTOSHIP_REDIS_SENTINELS=s:26379|AUTOSHIP_REDIS_SENTINELS must not be set together with AUTOSHIP_REDIS_URL",
            "AUTOSHIP_REDIS_URL=redis://r:6379|AUTOSHIP_REDIS_CLUSTER_NODES=c:6379|AUTOSHIP_REDIS_CLUSTER_NODES must not be set together with AUTOSHIP_REDIS_URL",
            "AUTOSHIP_REDIS_SENTINELS=s:26379|AUTOSHIP_REDIS_CLUSTER_NODES=c:6379|AUTOSHIP_REDIS_CLUSTER_NODES must not be set together with AUTOSHIP_REDIS_SENTINELS"})
    void twoRedisModesAtOnceAreRefusedNamingBoth(String first, String second, String message) {
        Map<String, String> env = new HashMap<>(Map.of("AUTOSHIP_REDIS_SENTINEL_MASTER", "mymaster"));
        env.put(first.split("=")[0], first.split("=")[1]);
        env.put(second.split("=")[0], second.split("=")[1]);
        if (!env.containsKey("AUTOSHIP_REDIS_SENTINELS")) {
            env.remove("AUTOSHIP_REDIS_SENTINEL_MASTER");
        }
        assertThatThrownBy(() -> PredictorSettings.from(env))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage(message + ": set at most one of AUTOSHIP_REDIS_URL, AUTOSHIP_REDIS_SENTINELS and "
                        + "AUTOSHIP_REDIS_CLUSTER_NODES");
    }

    @Test
    void allThreeRedisModesAtOnceAreRefusedNamingEach() {
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_REDIS_URL", "redis://r:6379",
                "AUTOSHIP_REDIS_SENTINELS", "s:26379", "AUTOSHIP_REDIS_SENTINEL_MASTER", "m",
                "AUTOSHIP_REDIS_CLUSTER_NODES", "c:6379")))
                .hasMessageStartingWith("AUTOSHIP_REDIS_SENTINELS must not be set together with AUTOSHIP_REDIS_URL "
                        + "and AUTOSHIP_REDIS_CLUSTER_NODES");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis-0", ":6379", "redis-0:", "redis-0:0", "redis-0:65536", "redis-0:x", "a:1,,b:2",
            "a:1,", "::1:6379", "redis://r:6379", "user@r:6379", "r 1:6379"})
    void badHostAndPortListsAreRefusedNamingTheVariable(String list) {
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_REDIS_CLUSTER_NODES", list)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("AUTOSHIP_REDIS_CLUSTER_NODES must be a comma-separated list of host:port (IPv6 as "
                        + "[address]:port), got '" + list + "'");
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_REDIS_SENTINELS", list,
                "AUTOSHIP_REDIS_SENTINEL_MASTER", "m")))
                .hasMessageStartingWith("AUTOSHIP_REDIS_SENTINELS must be a comma-separated list of host:port");
    }

    @Test
    void sentinelsNeedTheirMasterAndSentinelVariablesNeedSentinels() {
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_REDIS_SENTINELS", "s:26379")))
                .hasMessage("AUTOSHIP_REDIS_SENTINEL_MASTER must be set when AUTOSHIP_REDIS_SENTINELS is set");
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_REDIS_URL", "redis://r:6379",
                "AUTOSHIP_REDIS_SENTINEL_MASTER", "mymaster")))
                .hasMessage("AUTOSHIP_REDIS_SENTINEL_MASTER must be set only with AUTOSHIP_REDIS_SENTINELS");
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_REDIS_SENTINEL_PASSWORD", "s3cret")))
                .hasMessage("AUTOSHIP_REDIS_SENTINEL_PASSWORD must be set only with AUTOSHIP_REDIS_SENTINELS");
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_REDIS_SENTINELS", "s:26379",
                "AUTOSHIP_REDIS_SENTINEL_MASTER", "m", "AUTOSHIP_REDIS_SENTINEL_PASSWORD", "s3cret\nmore")))
                .hasMessageNotContaining("s3cret").hasMessageContaining("(hidden)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AUTOSHIP_REDIS_TLS=true", "AUTOSHIP_REDIS_DATABASE=1", "AUTOSHIP_REDIS_DATABASE=0"})
    void theUrlAloneSaysTlsAndDatabase(String setting) {
        String name = setting.split("=")[0];
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_REDIS_URL", "redis://r:6379",
                name, setting.split("=")[1])))
                .hasMessage(name + " must be unset with AUTOSHIP_REDIS_URL (the URL says it: rediss:// for TLS, "
                        + "/<number> for the database)");
    }
}
