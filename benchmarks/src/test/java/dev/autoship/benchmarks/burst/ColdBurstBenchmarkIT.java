package dev.autoship.benchmarks.burst;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.benchmarks.report.Options;
import org.junit.jupiter.api.Test;

/** The cold-burst benchmark on a few small customers against real Elasticsearch and Redis, so it does not rot. */
class ColdBurstBenchmarkIT {

    @Test
    void burstsOverFreshCustomersAndMeasuresTheHeldOnesAndTheWarmRatio() throws Exception {
        ColdBurstBenchmark.Result result = new ColdBurstBenchmark(new Options("customers=4", "sizeGroups=2",
                "minShipments=50", "maxShipments=150", "connections=2", "seconds=4", "held=2", "warmSeconds=2")).run();

        assertThat(result.burst().requests()).isPositive();
        assertThat(result.burst().errors()).isZero();
        assertThat(result.held().requests()).isPositive();
        assertThat(result.modelsHeldAtEnd()).isEqualTo(6);
        assertThat(result.warm().requestsPerSecond()).isPositive();
    }
}
