package dev.autoship.benchmarks.cold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.benchmarks.report.Options;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history read benchmark with one small probe JVM on a real Elasticsearch, so it does not rot. */
class HistoryReadBenchmarkIT {

    @Test
    void eachProbeJvmReadsItsCustomersAndReportsTheirStages() throws Exception {
        List<String> lines = new HistoryReadBenchmark(new Options("shipments=40", "jvms=1", "rehearsals=1", "reads=2")).run();

        assertThat(lines).contains("# shipments 40 jvm 0 exit 0");
        assertThat(lines).filteredOn(line -> line.startsWith("read,") && !line.startsWith("read,n,")).hasSize(2);
    }

    @Test
    void theSliceProbeReadsEveryShipmentOfEachCustomerWithEveryVariant() throws Exception {
        List<String> lines = new HistoryReadBenchmark(new Options("shipments=40", "jvms=1", "rehearsals=0", "reads=2",
                "slices=one:full:k2", "warmUp=1", "repeats=1")).run();

        assertThat(lines).contains("# shipments 40 jvm 0 exit 0");
        assertThat(lines).filteredOn(line -> line.startsWith("slice,") && !line.startsWith("slice,variant,"))
                .hasSize(2 * 3)
                .allSatisfy(line -> assertThat(line.split(",")[4]).as(line).isEqualTo("40"));
    }
}
