package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The predictor dashboard shipped with the chart asks Prometheus only for series a real predictor exports: the
 * predictor runs in this JVM, serves a few requests (a training, cache hits, a batch, a model read, a refusal) and
 * is scraped; every query's metrics and labels are then looked up in that scrape.
 */
class PredictorDashboardTest {

    /** Labels Prometheus' Kubernetes discovery (a PodMonitor or ServiceMonitor) adds to every predictor series. */
    private static final Set<String> DISCOVERY_LABELS = Set.of("namespace", "pod");

    private static MetricsScrape scrape;
    private final GrafanaDashboard dashboard = GrafanaDashboard.read(
            new OperatorChart().directory().resolve("dashboards/autoship-predictor.json"));

    @BeforeAll
    static void servePredictionsAndScrape() throws Exception {
        Path examples = Path.of(OperatorChart.requiredProperty("examples.directory"));
        String order = Files.readString(examples.resolve("order.json"));
        try (RunningPredictor predictor = RunningPredictor.start()) {
            assertThat(predictor.post("/v1/predictions", order).body()).contains("\"source\":\"trained\"");
            assertThat(predictor.post("/v1/predictions", order).body()).contains("\"source\":\"memory\"");
            assertThat(predictor.post("/v1/predictions/batch", Files.readString(examples.resolve("orders-batch.json"))).statusCode()).isEqualTo(200);
            assertThat(predictor.get("/v1/models/demo-customer-01").statusCode()).isEqualTo(200);
            assertThat(predictor.post("/v1/predictions", order.replace("demo-customer-01", "demo-customer-31")).statusCode()).isEqualTo(422);
            scrape = predictor.scrape();
        }
    }

    @Test
    void everyQueryNamesOnlyMetricsThePredictorExports() {
        List<String> unknown = new ArrayList<>();
        for (GrafanaDashboard.Query query : dashboard.queries()) {
            assertThat(query.names().metrics()).as("metrics named by %s", query).isNotEmpty();
            query.names().metrics().stream().filter(metric -> !scrape.exports(metric))
                    .forEach(metric -> unknown.add(metric + " in " + query));
        }
        assertThat(unknown).as("metrics the predictor does not export (it exports %s)", scrape.sampleNames()).isEmpty();
    }

    @Test
    void everyLabelAQueryMatchesOrGroupsByIsOnItsMetrics() {
        List<String> unknown = new ArrayList<>();
        for (GrafanaDashboard.Query query : dashboard.queries()) {
            Set<String> available = new TreeSet<>(DISCOVERY_LABELS);
            query.names().metrics().forEach(metric -> available.addAll(scrape.labelsOf(metric)));
            query.names().labels().stream().filter(label -> !available.contains(label))
                    .forEach(label -> unknown.add(label + " in " + query + " (its metrics carry " + available + ")"));
        }
        assertThat(unknown).as("labels no series of the query has").isEmpty();
    }

    @Test
    void everyPanelQueriesTheChosenDataSourceAndHasAUniqueId() {
        List<JsonNode> panels = dashboard.panels();
        List<JsonNode> graphs = panels.stream().filter(panel -> !panel.path("type").asText().equals("row")).toList();

        assertThat(panels).extracting(panel -> panel.path("id").asInt()).doesNotHaveDuplicates();
        assertThat(graphs).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.path("datasource").path("uid").asText()).as("data source of '%s'", panel.path("title")).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as("queries of '%s'", panel.path("title")).isNotEmpty();
            assertThat(panel.path("gridPos").path("x").asInt() + panel.path("gridPos").path("w").asInt()).isLessThanOrEqualTo(24);
        });
        assertThat(dashboard.json().path("uid").asText()).isEqualTo("autoship-predictor");
    }
}
