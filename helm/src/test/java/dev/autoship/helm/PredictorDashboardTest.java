package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The predictor dashboard shipped with the chart asks Prometheus only for series a real predictor exports: every
 * query's metrics, labels and matched label values are looked up in the scrape of predictors that served the
 * requests the panels count ({@link PredictorTraffic}).
 */
class PredictorDashboardTest {

    private static PredictorSeries series;
    private final GrafanaDashboard dashboard = GrafanaDashboard.read(
            new OperatorChart().directory().resolve("dashboards/autoship-predictor.json"));

    @BeforeAll
    static void servePredictionsAndScrape() throws Exception {
        series = new PredictorSeries(PredictorTraffic.scrape());
    }

    @Test
    void everyQueryNamesOnlyMetricsThePredictorExports() {
        assertThat(dashboard.queries()).allSatisfy(query -> assertThat(query.names().metrics()).as("metrics named by %s", query).isNotEmpty());
        assertThat(series.unknownMetrics(dashboard.queries()))
                .as("metrics the predictor does not export (it exports %s)", series.scrape().sampleNames()).isEmpty();
    }

    @Test
    void everyLabelAQueryMatchesOrGroupsByIsOnItsMetrics() {
        assertThat(series.unknownLabels(dashboard.queries())).as("labels no series of the query has").isEmpty();
    }

    @Test
    void everyLabelValueAQueryMatchesIsOneThePredictorExports() {
        assertThat(series.unmatchedValues(dashboard.queries())).as("matched values no series has").isEmpty();
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

    @Test
    void noPanelCoversAnother() {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.json().path("panels").forEach(panels::add);
        List<String> overlapping = new ArrayList<>();
        for (int i = 0; i < panels.size(); i++) {
            for (int j = i + 1; j < panels.size(); j++) {
                if (overlap(panels.get(i).path("gridPos"), panels.get(j).path("gridPos"))) {
                    overlapping.add("'" + panels.get(i).path("title").asText() + "' and '" + panels.get(j).path("title").asText() + "'");
                }
            }
        }
        assertThat(overlapping).as("panels whose gridPos overlap").isEmpty();
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
    }
}
