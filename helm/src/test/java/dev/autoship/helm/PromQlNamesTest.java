package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autoship.helm.PromQlNames.LabelMatcher;
import org.junit.jupiter.api.Test;

/** The reader the dashboard test relies on finds every metric and label a query names, and never drops one. */
class PromQlNamesTest {

    @Test
    void findsMetricsAndTheLabelsOfMatchersAndGroupings() {
        PromQlNames names = PromQlNames.of("""
                histogram_quantile(0.99, sum by (endpoint, le) (rate(http_seconds_bucket{namespace=~"$namespace", pod=~"a|b"}[$__rate_interval])))
                / on (pod) group_left sum without (scope) (up offset 5m) > bool 0.5""");

        assertThat(names.metrics()).containsExactlyInAnyOrder("http_seconds_bucket", "up");
        assertThat(names.labels()).containsExactlyInAnyOrder("endpoint", "le", "namespace", "pod", "scope");
    }

    @Test
    void aggregationsGroupedAfterTheirArgumentAndBareSelectorsAreRead() {
        PromQlNames names = PromQlNames.of("sum(rate(requests_total[5m])) by (source) + models_held");

        assertThat(names.metrics()).containsExactlyInAnyOrder("requests_total", "models_held");
        assertThat(names.labels()).containsExactly("source");
    }

    @Test
    void anUnknownFunctionIsReportedAsAMetricNotSkipped() {
        assertThat(PromQlNames.of("rated(requests_total[5m])").metrics()).containsExactlyInAnyOrder("rated", "requests_total");
    }

    @Test
    void matcherValuesAndStringArgumentsAreNotNames() {
        PromQlNames names = PromQlNames.of("label_replace(up{job=\"rate(x)\"}, \"dst\", \"$1\", \"src\", \"(.*)\")");

        assertThat(names.metrics()).containsExactly("up");
        assertThat(names.labels()).containsExactly("job");
    }

    @Test
    void grafanaLabelValuesQueriesNameTheirMetricAndLabel() {
        PromQlNames names = PromQlNames.of("label_values(models_held{namespace=~\"$namespace\"}, pod)");

        assertThat(names.metrics()).containsExactly("models_held");
        assertThat(names.labels()).containsExactlyInAnyOrder("namespace", "pod");
    }

    @Test
    void matchersAreReadWithTheMetricTheySelect() {
        PromQlNames names = PromQlNames.of("""
                sum(rate(responses_total{status=~"5..", endpoint!="models"}[5m])) / sum(rate(responses_total{job="a\\"b"}[5m]))""");

        assertThat(names.matchers()).containsExactly(
                new LabelMatcher("responses_total", "status", "=~", "5.."),
                new LabelMatcher("responses_total", "endpoint", "!=", "models"),
                new LabelMatcher("responses_total", "job", "=", "a\"b"));
    }

    @Test
    void unreadableMatchersAreAnErrorNotAGuess() {
        assertThatThrownBy(() -> PromQlNames.of("up{job=x}")).hasMessageContaining("cannot read the label matchers");
    }
}
