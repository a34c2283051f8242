package dev.autoship.benchmarks.cold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.benchmarks.report.Options;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cold-path benchmark for one small customer on real Elasticsearch and Redis, so it does not rot. */
class ColdPathBenchmarkIT {

    @Test
    void measuresTrainingAndRedisLoadOfAFirstPrediction() throws Exception {
        List<ColdPathBenchmark.SizeResult> results = new ColdPathBenchmark(new Options("sizes=50", "customersPerSize=1")).run();

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.trainedEndToEnd()).singleElement().satisfies(millis -> assertThat(millis).isPositive());
            assertThat(result.fromRedisEndToEnd()).singleElement().satisfies(millis -> assertThat(millis).isPositive());
            assertThat(result.stages()).singleElement().satisfies(stages -> {
                assertThat(stages.modelBytes()).isPositive();
                assertThat(stages.trainMillis()).isPositive();
            });
        });
    }
}
