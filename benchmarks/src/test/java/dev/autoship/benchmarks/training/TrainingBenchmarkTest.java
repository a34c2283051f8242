package dev.autoship.benchmarks.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** One short in-process iteration of the training benchmark's three paths on the smallest history, so it does not rot. */
class TrainingBenchmarkTest {

    @Test
    void everyTrainingPathRuns() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(TrainingBenchmark.class.getName())
                .param("shipments", "200")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .build()).run();

        assertThat(results).extracting(r -> r.getParams().getParam("path"))
                .containsExactlyInAnyOrder("direct", "tribuo", "validated");
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    }
}
