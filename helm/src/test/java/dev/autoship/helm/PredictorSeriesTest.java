package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks of queries against a scrape report what a query asks for that the scraped series lack, and only that. */
class PredictorSeriesTest {

    private final PredictorSeries series = new PredictorSeries(MetricsScrape.parse("""
            # TYPE responses_total counter
            responses_total{endpoint="predict",status="200"} 3.0
            responses_total{endpoint="batch",status="503"} 1.0
            lookups_total{source="memory"} 2.0
            """));

    @Test
    void aMatchedValueNoSeriesHasIsReported() {
        List<NamedQuery> queries = List.of(
                new NamedQuery("errors", "rate(responses_total{status=~\"5..\"}[5m])"),
                new NamedQuery("internal errors", "rate(responses_total{status=\"500\"}[5m])"));

        assertThat(series.unmatchedValues(queries)).singleElement().asString().contains("status=\"500\"").contains("internal errors");
    }

    @Test
    void everyBranchOfAnAlternationMustMatchAValue() {
        List<NamedQuery> queries = List.of(new NamedQuery("hits", "rate(lookups_total{source=~\"memory|redis\"}[5m])"));

        assertThat(series.unmatchedValues(queries)).singleElement().asString().contains("(branch redis)");
    }

    @Test
    void labelsPrometheusAddsAreKnownWithoutBeingScraped() {
        List<NamedQuery> queries = List.of(new NamedQuery("by cluster",
                "sum by (namespace, job, endpoint) (rate(responses_total{namespace=\"shop\", pod=~\"p-.*\"}[5m]))"));

        assertThat(series.unknownLabels(queries)).isEmpty();
        assertThat(series.unmatchedValues(queries)).isEmpty();
    }

    @Test
    void aLabelNoneOfTheQuerysMetricsCarriesIsReported() {
        List<NamedQuery> queries = List.of(new NamedQuery("by source", "sum by (source) (rate(responses_total[5m]))"));

        assertThat(series.unknownLabels(queries)).singleElement().asString().startsWith("source in by source");
    }
}
