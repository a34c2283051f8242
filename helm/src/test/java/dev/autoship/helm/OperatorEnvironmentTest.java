package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.operator.OperatorSettings;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's own settings parser accepts what the chart sets and reads back the chosen values. */
class OperatorEnvironmentTest {

    private final OperatorChart chart = new OperatorChart();

    @Test
    void defaultsMakeTheOperatorWatchAllNamespacesWithLeaderElectionInItsOwnNamespace() {
        OperatorSettings settings = OperatorSettings.fromEnvironment(environmentOnTheCluster(chart.render()));

        assertThat(settings.watchNamespaces()).isEmpty();
        assertThat(settings.leaderElection()).isTrue();
        assertThat(settings.leaseName()).isEqualTo("autoship-operator");
        assertThat(settings.operatorNamespace()).contains(OperatorChart.NAMESPACE);
        assertThat(settings.httpPort()).isEqualTo(8080);
    }

    @Test
    void watchedNamespacesAndLeaderElectionValuesReachTheOperator() {
        RenderedManifests manifests = chart.render("""
                watchNamespaces: [shop, warehouse]
                leaderElection:
                  enabled: false
                  leaseName: autoship-lock
                """);

        OperatorSettings settings = OperatorSettings.fromEnvironment(environmentOnTheCluster(manifests));

        assertThat(settings.watchNamespaces()).containsExactlyInAnyOrder("shop", "warehouse");
        assertThat(settings.leaderElection()).isFalse();
        assertThat(settings.leaseName()).isEqualTo("autoship-lock");
    }

    /** The container environment as the kubelet resolves it: literal values plus the downward-API namespace. */
    private static Map<String, String> environmentOnTheCluster(RenderedManifests manifests) {
        Map<String, String> environment = new HashMap<>(manifests.operatorLiteralEnvironment());
        for (EnvVar variable : manifests.operatorContainer().getEnv()) {
            if (variable.getValueFrom() != null) {
                assertThat(variable.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
                environment.put(variable.getName(), manifests.operatorDeployment().getMetadata().getNamespace());
            }
        }
        return environment;
    }
}
