package dev.autoship.benchmarks.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** One short in-process iteration of every JMH benchmark on the smallest history, so they do not rot. */
class InferenceBenchmarksTest {

    @Test
    void everyBenchmarkRunsOnTheRealModel() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(InferenceBenchmark.class.getName())
                .include(ModelBytesBenchmark.class.getName())
                .param("shipments", "100")
                .param("trainerKind", "standard")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .build()).run();

        assertThat(results).extracting(r -> r.getParams().getBenchmark().replaceAll(".*\\.", ""))
                .containsExactlyInAnyOrder("featuresOnly", "featuresAndPredict", "serialize", "deserialize", "train");
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    }
}
