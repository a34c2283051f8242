package dev.autoship.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.benchmarks.report.Options;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A seconds-long run of the load benchmark against a real predictor, so the benchmark does not rot. */
class LoadBenchmarkIT {

    @Test
    void everyModeRecordsCachedPredictionsAndBatchesWithoutErrors() throws Exception {
        LoadBenchmark.Results results = new LoadBenchmark(new Options("history=embedded", "connections=1,4",
                "seconds=1.5", "warmup=0.3", "jitWarmup=1", "repeats=1", "openFractions=0.5", "targetRate=100",
                "targetConnections=2", "batchSizes=10", "batchConnections=1")).run();

        List<LoadResult> all = Stream.of(results.closed().values().stream().flatMap(List::stream),
                results.open().get(0.5).values().stream().flatMap(List::stream), results.atTargetRate().stream(),
                results.batches().values().stream().flatMap(List::stream)).flatMap(s -> s).toList();
        assertThat(all).hasSize(2 + 2 + 1 + 1);
        assertThat(all).allSatisfy(run -> {
            assertThat(run.errorsByKind()).isEmpty();
            assertThat(run.requests()).isPositive();
            assertThat(run.percentileMillis(99)).isPositive();
        });
        assertThat(results.open().get(0.5).get(4).getFirst().targetRate())
                .isEqualTo(results.closed().get(4).getFirst().requestsPerSecond() * 0.5);
    }
}
