package dev.autoship.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.benchmarks.report.Options;
import org.junit.jupiter.api.Test;

/** A seconds-long run of the comparison against an earlier build (here: this build twice), so it does not rot. */
class BaselineComparisonBenchmarkIT {

    @Test
    void bothBuildsTakeTurnsAnswerEveryRequestAndHaveTheirMemoryMeasured() throws Exception {
        BaselineComparisonBenchmark.Results results = new BaselineComparisonBenchmark(new Options("customers=3",
                "shipments=60", "connections=2,4", "rate=100", "seconds=1", "warmup=0.3", "jitWarmup=1", "repeats=2")).run();

        assertThat(results.turns()).extracting(BaselineComparisonBenchmark.Turn::baseline)
                .containsExactly(false, true, true, false);
        assertThat(results.turns()).allSatisfy(turn -> {
            assertThat(turn.closed()).hasSize(2).allSatisfy(run -> {
                assertThat(run.errorsByKind()).isEmpty();
                assertThat(run.requests()).isPositive();
            });
            assertThat(turn.open().errorsByKind()).isEmpty();
        });
        assertThat(results.current().rssBytes()).isPositive();
        assertThat(results.baseline().rssBytes()).isPositive();
        assertThat(results.current().liveHeapBytes()).isPositive();
    }
}
