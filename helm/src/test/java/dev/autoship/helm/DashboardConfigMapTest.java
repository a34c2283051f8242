package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The predictor dashboard reaches Grafana's dashboard sidecar as a labelled ConfigMap, only when asked for. */
class DashboardConfigMapTest {

    private final OperatorChart chart = new OperatorChart();

    @Test
    void noDashboardConfigMapByDefault() {
        assertThat(chart.render().ofType(ConfigMap.class)).isEmpty();
    }

    @Test
    void enabledDashboardsShipTheRepositoryJsonWithTheSidecarLabel() throws IOException {
        ConfigMap configMap = chart.render("dashboards: {enabled: true, namespace: \"\"}\n").single(ConfigMap.class);

        assertThat(configMap.getMetadata().getNamespace()).isEqualTo(OperatorChart.NAMESPACE);
        assertThat(configMap.getMetadata().getLabels())
                .containsEntry("grafana_dashboard", "1")
                .containsEntry("app.kubernetes.io/part-of", "autoship");
        assertThat(configMap.getData()).containsOnlyKeys("autoship-predictor.json");
        assertThat(configMap.getData().get("autoship-predictor.json"))
                .isEqualTo(Files.readString(chart.directory().resolve("dashboards/autoship-predictor.json")));
    }

    @Test
    void dashboardsGoToTheNamespaceAndLabelsTheSidecarWatches() {
        ConfigMap configMap = chart.render("""
                dashboards:
                  enabled: true
                  namespace: monitoring
                  labels: {grafana_dashboard: "autoship"}
                  annotations: {grafana_folder: Autoship}
                """).single(ConfigMap.class);

        assertThat(configMap.getMetadata().getNamespace()).isEqualTo("monitoring");
        assertThat(configMap.getMetadata().getLabels()).containsEntry("grafana_dashboard", "autoship");
        assertThat(configMap.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Autoship");
    }
}
