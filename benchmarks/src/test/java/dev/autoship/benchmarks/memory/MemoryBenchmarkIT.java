package dev.autoship.benchmarks.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.benchmarks.process.ProcessMemory;
import dev.autoship.benchmarks.report.Options;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The memory benchmark at a small scale on the embedded demo history, so it does not rot. */
class MemoryBenchmarkIT {

    @Test
    void measuresResidentAndLiveHeapMemoryPerLevelOfModelsHeld() throws Exception {
        Map<Integer, List<ProcessMemory>> byLevel = new MemoryBenchmark(new Options("history=embedded", "levels=1,20",
                "repeats=1")).run();

        assertThat(byLevel).containsOnlyKeys(0, 1, 20);
        assertThat(byLevel.values()).allSatisfy(runs -> assertThat(runs).singleElement().satisfies(memory -> {
            assertThat(memory.rssBytes()).isGreaterThan(memory.liveHeapBytes()).isGreaterThan(10L << 20);
            assertThat(memory.committedHeapBytes()).isGreaterThanOrEqualTo(memory.liveHeapBytes());
        }));
        assertThat(byLevel.get(20).getFirst().liveHeapBytes()).isGreaterThan(byLevel.get(0).getFirst().liveHeapBytes());
    }
}
