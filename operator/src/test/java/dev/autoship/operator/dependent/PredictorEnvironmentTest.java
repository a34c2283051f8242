package dev.autoship.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.operator.crd.PredictorClusterSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class PredictorEnvironmentTest {

    private final KubernetesSerialization json = new KubernetesSerialization();

    @Test
    void lifecycleAndConnectionSettingsReachThePredictorInItsOwnUnits() {
        PredictorClusterSpec spec = json.unmarshal("""
                {"model": {"refresh": {"atPercentOfLife": 75, "ttlJitterPercent": 0},
                           "warmStart": {"models": 50, "timeout": "PT3S"},
                           "insufficientHistory": {"rememberFor": "PT0S", "maxCustomers": 99}},
                 "api": {"connections": {"requestTimeout": "PT20S", "idleTimeout": "PT90S", "max": 300}}}""",
                PredictorClusterSpec.class);

        assertThat(PredictorEnvironment.of(spec).configData())
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
        PredictorClusterSpec spec = json.unmarshal("{\"model\": {\"refresh\": {\"atPercentOfLife\": 100}}}",
                PredictorClusterSpec.class);

        assertThat(PredictorEnvironment.of(spec).configData())
                .containsEntry("AUTOSHIP_MODEL_REFRESH_AT", "1")
                .doesNotContainKeys("AUTOSHIP_MODEL_TTL_JITTER", "AUTOSHIP_WARM_START_MODELS",
                        "AUTOSHIP_INSUFFICIENT_HISTORY_TTL", "AUTOSHIP_REQUEST_TIMEOUT", "AUTOSHIP_MAX_CONNECTIONS");
    }
}
