package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The predictor alerts reach a Prometheus Operator as a PrometheusRule, only when asked for, shaped by the values. */
class PrometheusRuleTest {

    private static final String ENABLED = "metrics: {prometheusRule: {enabled: true}}\n";
    private static final Pattern PRINTED_LABEL = Pattern.compile("\\{\\{\\s*\\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*)");
    private static final Pattern GROUPING = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");

    private final OperatorChart chart = new OperatorChart();

    @Test
    void noPrometheusRuleByDefault() {
        assertThat(chart.render().ofKind("PrometheusRule")).isEmpty();
    }

    @Test
    void enabledRuleHoldsEveryPredictorAlertInTheReleaseNamespace() {
        RenderedManifests manifests = chart.render(ENABLED);
        HasMetadata rule = manifests.ofKind("PrometheusRule").getFirst();

        assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.getMetadata().getNamespace()).isEqualTo(OperatorChart.NAMESPACE);
        assertThat(rule.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "autoship");
        assertThat(AlertRule.of(manifests)).extracting(AlertRule::name).containsExactlyInAnyOrder(
                "AutoshipPredictorServerErrors", "AutoshipPredictorHistoryUnavailable", "AutoshipPredictorModelRefreshFailures",
                "AutoshipPredictorTrainingsQueued", "AutoshipPredictorHighLatency",
                "AutoshipPredictorAutoShipPrecisionBelowTarget", "AutoshipPredictorConnectionsShed");
    }

    @Test
    void theRuleDoesNotNeedTheOperatorsMetricsService() {
        assertThat(chart.render("metrics: {enabled: false, prometheusRule: {enabled: true}}\n").ofKind("PrometheusRule")).hasSize(1);
    }

    @Test
    void everyAlertHasASeveritySummaryAndDescription() {
        assertThat(AlertRule.of(chart.render(ENABLED))).allSatisfy(alert -> {
            assertThat(alert.labels()).as("labels of %s", alert.name()).containsKey("severity");
            assertThat(alert.annotations()).as("annotations of %s", alert.name()).containsOnlyKeys("summary", "description");
            assertThat(alert.annotations().values()).allSatisfy(text -> assertThat(text).contains("{{ $labels.job }}"));
        });
    }

    @Test
    void annotationsPrintOnlyLabelsTheAlertKeeps() {
        assertThat(AlertRule.of(chart.render(ENABLED))).allSatisfy(alert -> {
            Set<String> kept = new TreeSet<>();
            GROUPING.matcher(alert.expr()).results().forEach(grouping -> Arrays.stream(grouping.group(1).split(","))
                    .map(String::strip).forEach(kept::add));
            Set<String> printed = new TreeSet<>();
            alert.annotations().values().forEach(text -> PRINTED_LABEL.matcher(text).results().map(label -> label.group(1)).forEach(printed::add));
            assertThat(kept).as("labels %s groups by", alert.name()).containsAll(printed);
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            serverErrors         | AutoshipPredictorServerErrors         | 0.025
            historyUnavailable   | AutoshipPredictorHistoryUnavailable   | 0.5
            modelRefreshFailures | AutoshipPredictorModelRefreshFailures | 3
            trainingsQueued      | AutoshipPredictorTrainingsQueued      | 40
            latency              | AutoshipPredictorHighLatency          | 2
            connectionsShed      | AutoshipPredictorConnectionsShed      | 0.5
            """)
    void thresholdDurationAndSeverityOfAnAlertComeFromItsValues(String key, String alertName, String threshold) {
        AlertRule alert = single(alertName, chart.render("""
                metrics: {prometheusRule: {enabled: true, alerts: {%s: {threshold: %s, for: 45m, severity: page}}}}
                """.formatted(key, threshold)));

        assertThat(alert.threshold()).isEqualTo(Double.parseDouble(threshold));
        assertThat(alert.forDuration()).isEqualTo("45m");
        assertThat(alert.labels()).containsEntry("severity", "page");
        assertThat(alert.annotations().get("description")).contains("45m");
    }

    @Test
    void theServerErrorShareIsDescribedInPercent() {
        AlertRule alert = single("AutoshipPredictorServerErrors",
                chart.render("metrics: {prometheusRule: {enabled: true, alerts: {serverErrors: {threshold: 0.025}}}}\n"));

        assertThat(alert.annotations().get("description")).contains("More than 2.5% of the API requests");
    }

    @Test
    void aDisabledAlertIsLeftOutAndNoneLeavesAnEmptyGroup() {
        assertThat(AlertRule.of(chart.render("metrics: {prometheusRule: {enabled: true, alerts: {latency: {enabled: false}}}}\n")))
                .extracting(AlertRule::name).hasSize(6).doesNotContain("AutoshipPredictorHighLatency");
        assertThat(AlertRule.of(chart.render("""
                metrics:
                  prometheusRule:
                    enabled: true
                    alerts:
                      serverErrors: {enabled: false}
                      historyUnavailable: {enabled: false}
                      modelRefreshFailures: {enabled: false}
                      trainingsQueued: {enabled: false}
                      latency: {enabled: false}
                      autoShipPrecision: {enabled: false}
                      connectionsShed: {enabled: false}
                """))).isEmpty();
    }

    @Test
    void alertLabelsReachEveryAlertBesideItsOwnSeverity() {
        List<AlertRule> alerts = AlertRule.of(chart.render("""
                metrics:
                  prometheusRule:
                    enabled: true
                    labels: {release: prometheus}
                    alertLabels: {team: ml-platform}
                    alerts: {serverErrors: {severity: page}}
                """));

        assertThat(alerts).allSatisfy(alert -> assertThat(alert.labels()).containsEntry("team", "ml-platform").containsKey("severity"));
        assertThat(single("AutoshipPredictorServerErrors", alerts).labels()).containsEntry("severity", "page");
        assertThat(single("AutoshipPredictorTrainingsQueued", alerts).labels()).containsEntry("severity", "warning");
    }

    @Test
    void ruleLabelsLetAPrometheusSelectIt() {
        HasMetadata rule = chart.render("metrics: {prometheusRule: {enabled: true, labels: {release: prometheus}}}\n")
                .ofKind("PrometheusRule").getFirst();

        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus").containsEntry("app.kubernetes.io/part-of", "autoship");
    }

    @Test
    void autoShipPrecisionIsComparedWithEachClustersOwnTargetOverTheWindowOnceEnoughOutcomesAreResolved() {
        AlertRule alert = single("AutoshipPredictorAutoShipPrecisionBelowTarget", chart.render("""
                metrics:
                  prometheusRule:
                    enabled: true
                    alerts: {autoShipPrecision: {window: 12h, minOutcomes: 200, for: 2h, severity: page}}
                """));

        assertThat(alert.expr())
                .contains("< on (namespace, job) max by (namespace, job) (autoship_auto_ship_precision_target)")
                .contains("auto_ship=\"true\"}[12h]")
                .doesNotContain("[6h]")
                .endsWith(">= 200");
        assertThat(alert.forDuration()).isEqualTo("2h");
        assertThat(alert.labels()).containsEntry("severity", "page");
        assertThat(alert.annotations().get("description")).contains("last 12h").contains("for 2h now").contains("200 or more");
    }

    private static AlertRule single(String name, RenderedManifests manifests) {
        return single(name, AlertRule.of(manifests));
    }

    private static AlertRule single(String name, List<AlertRule> alerts) {
        List<AlertRule> named = alerts.stream().filter(alert -> alert.name().equals(name)).toList();
        assertThat(named).as("alerts named %s", name).hasSize(1);
        return named.getFirst();
    }
}
