package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReleaseNotesTest {

    private final OperatorChart chart = new OperatorChart();

    @Test
    void notesTellHowToWaitForTheOperatorAndApplyTheExamplesInAWatchedNamespace() {
        String notes = chart.installNotes("watchNamespaces: [shop, warehouse]\n");

        assertThat(notes)
                .contains("kubectl -n autoship-system rollout status deployment/autoship-operator")
                .contains("It reconciles PredictorCluster resources in: shop, warehouse.")
                .contains("kubectl -n shop apply -f examples/predictorcluster-minimal.yaml")
                .contains("kubectl -n shop get predictorclusters -w");
    }

    @Test
    void everyExampleTheNotesNameExistsInTheRepository() {
        Matcher example = Pattern.compile("examples/[\\w.-]+\\.yaml").matcher(chart.installNotes("{}\n"));
        Path examples = Path.of(OperatorChart.requiredProperty("examples.directory"));

        List<Path> named = example.results().map(match -> examples.resolveSibling(match.group())).toList();
        assertThat(named).isNotEmpty().allSatisfy(file -> assertThat(file).isRegularFile());
    }

    @Test
    void notesPointAtTheMetricsServiceOnlyWhenItExists() {
        assertThat(chart.installNotes("{}\n"))
                .contains("all namespaces")
                .contains("port-forward service/autoship-operator-metrics 8080");
        assertThat(chart.installNotes("metrics:\n  enabled: false\n")).doesNotContain("/metrics");
    }

    @Test
    void notesSayWhoMayManagePredictorClustersAndWhereTheDashboardIs() {
        assertThat(chart.installNotes("{}\n"))
                .contains("default view, edit or admin role")
                .doesNotContain("Grafana");
        assertThat(chart.installNotes("rbac: {create: true, aggregateToDefaultRoles: false}\ndashboards: {enabled: true, namespace: monitoring}\n"))
                .doesNotContain("default view, edit or admin role")
                .contains("ConfigMap monitoring/autoship-operator-dashboards");
    }

    @Test
    void notesNameThePrometheusRuleAndWhatItsAlertsNeedOnlyWhenItIsRendered() {
        assertThat(chart.installNotes("{}\n")).doesNotContain("PrometheusRule");
        assertThat(chart.installNotes("metrics: {prometheusRule: {enabled: true}}\n"))
                .contains("PrometheusRule autoship-system/autoship-operator-predictor")
                .contains("spec.monitoring.podMonitor");
    }

    @Test
    void notesRemindToInstallTheCrdWhenTheChartDoesNotShipIt() {
        assertThat(chart.installNotes("crds:\n  install: false\n"))
                .contains("install the PredictorCluster CRD yourself");
        assertThat(chart.installNotes("{}\n")).doesNotContain("CRD yourself");
    }
}
