package dev.autoship.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

    @Test
    void defaultsWatchAllNamespacesWithLeaderElectionOnPort8080() {
        OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of());
        assertThat(settings.watchNamespaces()).isEmpty();
        assertThat(settings.leaderElection()).isTrue();
        assertThat(settings.leaseName()).isEqualTo("autoship-operator");
        assertThat(settings.operatorNamespace()).isEmpty();
        assertThat(settings.httpPort()).isEqualTo(8080);
    }

    @Test
    void readsEveryVariable() {
        OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of(
                "AUTOSHIP_OPERATOR_WATCH_NAMESPACES", " shop, warehouse ,,",
                "AUTOSHIP_OPERATOR_LEADER_ELECTION", "false",
                "AUTOSHIP_OPERATOR_LEASE_NAME", "predictors",
                "AUTOSHIP_OPERATOR_NAMESPACE", "autoship-system",
                "AUTOSHIP_OPERATOR_HTTP_PORT", "9090"));
        assertThat(settings.watchNamespaces()).containsExactlyInAnyOrder("shop", "warehouse");
        assertThat(settings.leaderElection()).isFalse();
        assertThat(settings.leaseName()).isEqualTo("predictors");
        assertThat(settings.operatorNamespace()).isEqualTo(Optional.of("autoship-system"));
        assertThat(settings.httpPort()).isEqualTo(9090);
    }

    @Test
    void badValuesAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("AUTOSHIP_OPERATOR_HTTP_PORT", "http")))
                .hasMessageContaining("AUTOSHIP_OPERATOR_HTTP_PORT").hasMessageContaining("'http'");
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("AUTOSHIP_OPERATOR_HTTP_PORT", "70000")))
                .hasMessageContaining("AUTOSHIP_OPERATOR_HTTP_PORT");
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("AUTOSHIP_OPERATOR_LEADER_ELECTION", "yes")))
                .hasMessageContaining("AUTOSHIP_OPERATOR_LEADER_ELECTION");
        assertThatThrownBy(() -> OperatorSettings.fromEnvironment(Map.of("AUTOSHIP_OPERATOR_LEASE_NAME", "Bad Name")))
                .hasMessageContaining("AUTOSHIP_OPERATOR_LEASE_NAME");
    }
}
