package dev.autoship.benchmarks.load;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one load run measured. Latencies in microseconds; in open-loop runs they count from each
 * request's intended send time, so a stall shows up in every request it delayed.
 */
public record LoadResult(String mode, int connections, double targetRate, double seconds, long requests,
                         long errors, Map<String, Long> errorsByKind, Histogram latencyMicros) {

    public double requestsPerSecond() {
        return requests / seconds;
    }

    public double percentileMillis(double percentile) {
        return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxMillis() {
        return latencyMicros.getMaxValue() / 1000.0;
    }
}
