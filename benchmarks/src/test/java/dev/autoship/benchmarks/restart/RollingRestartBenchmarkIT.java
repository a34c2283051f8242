package dev.autoship.benchmarks.restart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.benchmarks.report.Options;
import org.junit.jupiter.api.Test;

/** The rolling-restart benchmark on a few small customers against real Elasticsearch and Redis, so it does not rot. */
class RollingRestartBenchmarkIT {

    @Test
    void measuresTheWarmInstanceAndTheNewOneAfterReady() throws Exception {
        RollingRestartBenchmark.Result result = new RollingRestartBenchmark(new Options("customers=3", "shipments=50",
                "connections=2", "seconds=2", "jitWarmup=1")).run();

        assertThat(result.warm().requests()).isPositive();
        assertThat(result.newInstance().requests()).isPositive();
        assertThat(result.newInstance().errors()).isZero();
        assertThat(result.readyAfterSeconds()).isPositive();
    }
}
