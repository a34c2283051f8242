package dev.autoship.benchmarks.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.benchmarks.report.Options;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator benchmark at a handful of clusters, so it does not rot. */
class OperatorScaleBenchmarkIT {

    @Test
    void convergesMeasuresTheOperatorAndCountsResyncRequests() throws Exception {
        List<OperatorScaleBenchmark.ScaleResult> results = new OperatorScaleBenchmark(new Options("clusters=5", "timeout=120")).run();

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.statusSeconds()).isGreaterThanOrEqualTo(result.dependentsSeconds()).isPositive();
            assertThat(result.operatorMemory().liveHeapBytes()).isPositive();
            assertThat(result.converge()).containsKeys("POST", "WATCH");
            assertThat(result.resyncReconciliations()).isGreaterThanOrEqualTo(5);
            assertThat(result.resync()).containsKey("WATCH");
        });
    }
}
