package dev.autoship.benchmarks.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.benchmarks.report.Options;
import org.junit.jupiter.api.Test;

/** Seconds-long runs of the prediction log benchmarks against a real Elasticsearch, so they do not rot. */
class PredictionLogBenchmarkIT {

    @Test
    void entriesOfferedAreWrittenAndBothSidesCpuIsMeasured() throws Exception {
        PredictionLogBenchmark.Result result = new PredictionLogBenchmark(new Options("rate=500", "seconds=2", "warmup=2",
                "heap=256m")).run();

        assertThat(result.offered()).isBetween(900L, 1000L);
        assertThat(result.written()).isPositive().isLessThanOrEqualTo(result.offered() - result.dropped());
        assertThat(result.predictorCpuNanos()).isPositive();
        assertThat(result.logThreadsCpuNanos()).isPositive().isLessThan(result.predictorCpuNanos());
        assertThat(result.elasticsearchCpuNanos()).isPositive();
    }

    @Test
    void logOffAndOnTakeTurnsWithElasticsearchUpThenHungAndNoPredictionFails() throws Exception {
        PredictionLogLoadBenchmark.Results results = new PredictionLogLoadBenchmark(new Options("customers=3",
                "shipments=60", "connections=2", "rate=100", "seconds=1", "warmup=0.3", "jitWarmup=1", "repeats=2")).run();

        assertThat(results.turns()).extracting(turn -> turn.hung() + "/" + turn.log())
                .containsExactly("false/false", "false/true", "false/true", "false/false",
                        "true/false", "true/true", "true/true", "true/false");
        assertThat(results.turns()).allSatisfy(turn -> {
            assertThat(turn.closed().errorsByKind()).isEmpty();
            assertThat(turn.open().errorsByKind()).isEmpty();
            assertThat(turn.closed().requests()).isPositive();
        });
    }
}
