package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's alerts ask Prometheus only for series a real predictor exports, as the dashboard does: every
 * expression's metrics, labels and matched label values are looked up in the scrape of predictors that answered the
 * requests the alerts count ({@link PredictorTraffic}).
 */
class PredictorAlertQueriesTest {

    private static final String REQUEST_BUCKETS = "autoship_http_requests_seconds_bucket";

    private static PredictorSeries series;
    private static List<AlertRule> alerts;

    @BeforeAll
    static void renderAlertsAndScrapePredictors() throws Exception {
        alerts = AlertRule.of(new OperatorChart().render("metrics: {prometheusRule: {enabled: true}}\n"));
        series = new PredictorSeries(PredictorTraffic.scrape());
    }

    @Test
    void everyAlertNamesOnlyMetricsThePredictorExports() {
        assertThat(queries()).allSatisfy(query -> assertThat(query.names().metrics()).as("metrics named by %s", query).isNotEmpty());
        assertThat(series.unknownMetrics(queries()))
                .as("metrics the predictor does not export (it exports %s)", series.scrape().sampleNames()).isEmpty();
    }

    @Test
    void everyLabelAnAlertMatchesOrGroupsByIsOnItsMetrics() {
        assertThat(series.unknownLabels(queries())).as("labels no series of the alert has").isEmpty();
    }

    @Test
    void everyLabelValueAnAlertMatchesIsOneThePredictorExports() {
        assertThat(series.unmatchedValues(queries())).as("matched values no series has").isEmpty();
    }

    /** The p99 is interpolated inside a bucket; on a bucket bound the alert fires where the latency really crosses it. */
    @Test
    void theDefaultLatencyThresholdIsABoundOfTheRequestHistogramsBuckets() {
        AlertRule latency = alerts.stream().filter(alert -> alert.expr().contains(REQUEST_BUCKETS)).findFirst().orElseThrow();
        List<Double> bounds = series.scrape().valuesOf(REQUEST_BUCKETS, "le").stream()
                .filter(bound -> !bound.equals("+Inf")).map(Double::parseDouble).toList();

        assertThat(bounds).contains(latency.threshold());
    }

    private static List<NamedQuery> queries() {
        return alerts.stream().map(AlertRule::query).toList();
    }
}
