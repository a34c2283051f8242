package dev.autoship.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.operator.ClusterFixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictorEnvironmentTest {

    @Test
    void lifecycleAndConnectionSettingsReachThePredictorInItsOwnUnits() {
        assertThat(data("""
                {"model": {"refresh": {"atPercentOfLife": 75, "ttlJitterPercent": 0},
                           "warmStart": {"models": 50, "timeout": "PT3S"},
                           "insufficientHistory": {"rememberFor": "PT0S", "maxCustomers": 99}},
                 "api": {"connections": {"requestTimeout": "PT20S", "idleTimeout": "PT90S", "max": 300}}}"""))
                .containsEntry("AUTOSHIP_MODEL_REFRESH_AT", "0.75")
                .containsEntry("AUTOSHIP_MODEL_TTL_JITTER", "0")
                .containsEntry("AUTOSHIP_WARM_START_MODELS", "50")
                .containsEntry("AUTOSHIP_WARM_START_TIMEOUT", "PT3S")
                .containsEntry("AUTOSHIP_INSUFFICIENT_HISTORY_TTL", "PT0S")
                .containsEntry("AUTOSHIP_INSUFFICIENT_HISTORY_MAX_CUSTOMERS", "99")
                .containsEntry("AUTOSHIP_REQUEST_TIMEOUT", "PT20S")
                .containsEntry("AUTOSHIP_IDLE_TIMEOUT", "PT90S")
                .containsEntry("AUTOSHIP_MAX_CONNECTIONS", "300");
    }

    @Test
    void unsetSettingsLeaveThePredictorsDefaults() {
        assertThat(data("{\"model\": {\"refresh\": {\"atPercentOfLife\": 100}}}"))
                .containsEntry("AUTOSHIP_MODEL_REFRESH_AT", "1")
                .doesNotContainKeys("AUTOSHIP_MODEL_TTL_JITTER", "AUTOSHIP_WARM_START_MODELS",
                        "AUTOSHIP_INSUFFICIENT_HISTORY_TTL", "AUTOSHIP_REQUEST_TIMEOUT", "AUTOSHIP_MAX_CONNECTIONS",
                        "AUTOSHIP_AUTO_SHIP_PRECISION", "AUTOSHIP_DRIFT_TOLERANCE", "AUTOSHIP_PREDICTION_LOG_INDEX",
                        "AUTOSHIP_PREDICTION_LOG_RETENTION");
    }

    @Test
    void everyClusterNamesItselfUniquelyAndServesManagementOnItsOwnPort() {
        assertThat(data("{}"))
                .containsEntry("AUTOSHIP_CLUSTER_NAME", "ns/p")
                .containsEntry("AUTOSHIP_SERVER_PORT", "8080")
                .containsEntry("AUTOSHIP_MANAGEMENT_PORT", "9090");
    }

    @Test
    void qualitySettingsReachThePredictorAsItReadsThem() {
        assertThat(data("""
                {"quality": {"autoShipPrecision": 0.975, "outcomeCheckInterval": "PT10M",
                             "drift": {"minOutcomes": 50, "tolerance": 0.05}}}"""))
                .containsEntry("AUTOSHIP_AUTO_SHIP_PRECISION", "0.975")
                .containsEntry("AUTOSHIP_OUTCOME_CHECK_INTERVAL", "PT10M")
                .containsEntry("AUTOSHIP_DRIFT_MIN_OUTCOMES", "50")
                .containsEntry("AUTOSHIP_DRIFT_TOLERANCE", "0.05");
        assertThat(data("{\"quality\": {\"autoShipPrecision\": 1, \"drift\": {\"tolerance\": 0.0001}}}"))
                .containsEntry("AUTOSHIP_AUTO_SHIP_PRECISION", "1")
                .containsEntry("AUTOSHIP_DRIFT_TOLERANCE", "0.0001");
    }

    @Test
    void thePredictionLogIsWrittenOnlyWhenEnabledUnderItsDefaultIndexUnlessNamed() {
        String es = "\"elasticsearch\": {\"url\": \"http://es:9200\"}, ";
        assertThat(data("{" + es + "\"predictionLog\": {\"enabled\": true}}"))
                .containsEntry("AUTOSHIP_PREDICTION_LOG_INDEX", "autoship-predictions")
                .doesNotContainKey("AUTOSHIP_PREDICTION_LOG_RETENTION");
        assertThat(data("{" + es + "\"predictionLog\": {\"enabled\": true, \"index\": \"shop-predictions\","
                + " \"retention\": \"P7D\"}}"))
                .containsEntry("AUTOSHIP_PREDICTION_LOG_INDEX", "shop-predictions")
                .containsEntry("AUTOSHIP_PREDICTION_LOG_RETENTION", "P7D");
        assertThat(data("{" + es + "\"predictionLog\": {\"enabled\": false, \"index\": \"shop-predictions\"}}"))
                .doesNotContainKeys("AUTOSHIP_PREDICTION_LOG_INDEX", "AUTOSHIP_PREDICTION_LOG_RETENTION");
    }

    @Test
    void eachRedisModeReachesThePredictorTheSentinelsPasswordOnlyThroughItsSecret() {
        var sentinels = PredictorEnvironment.of(ClusterFixtures.withSpec("""
                {"redis": {"sentinels": {"addresses": ["s-0:26379", "[fd00::1]:26380"], "masterName": "mymaster",
                                         "passwordSecret": {"name": "sentinels", "key": "pw"}},
                           "tls": true, "database": 2, "username": "app", "passwordSecret": {"name": "redis", "key": "pw"}}}"""));
        assertThat(sentinels.configData())
                .containsEntry("AUTOSHIP_REDIS_SENTINELS", "s-0:26379,[fd00::1]:26380")
                .containsEntry("AUTOSHIP_REDIS_SENTINEL_MASTER", "mymaster")
                .containsEntry("AUTOSHIP_REDIS_TLS", "true")
                .containsEntry("AUTOSHIP_REDIS_DATABASE", "2")
                .containsEntry("AUTOSHIP_REDIS_USERNAME", "app")
                .doesNotContainKeys("AUTOSHIP_REDIS_URL", "AUTOSHIP_REDIS_SENTINEL_PASSWORD", "AUTOSHIP_REDIS_PASSWORD");
        assertThat(sentinels.secretEnv()).extracting(env -> env.getName() + "=" + env.getValueFrom().getSecretKeyRef()
                .getName()).containsExactly("AUTOSHIP_REDIS_SENTINEL_PASSWORD=sentinels", "AUTOSHIP_REDIS_PASSWORD=redis");
        assertThat(data("{\"redis\": {\"clusterNodes\": [\"r-0:6379\", \"r-1:6379\"]}}"))
                .containsEntry("AUTOSHIP_REDIS_CLUSTER_NODES", "r-0:6379,r-1:6379")
                .doesNotContainKeys("AUTOSHIP_REDIS_URL", "AUTOSHIP_REDIS_SENTINELS", "AUTOSHIP_REDIS_TLS");
    }

    private static Map<String, String> data(String specJson) {
        return PredictorEnvironment.of(ClusterFixtures.withSpec(specJson)).configData();
    }
}
