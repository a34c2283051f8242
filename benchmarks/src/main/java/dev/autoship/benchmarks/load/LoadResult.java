package dev.autoship.benchmarks.load;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one load run measured. Latencies in microseconds; in open-loop runs they count from each
 * request's intended send time, so a stall shows up in every request it delayed. CPU seconds of the
 * server and of the load generator over the measured window.
 */
public record LoadResult(String mode, int connections, double targetRate, double seconds, long requests,
                         long errors, Map<String, Long> errorsByKind, Histogram latencyMicros,
                         double serverCpuSeconds, double loadGeneratorCpuSeconds) {

    public double requestsPerSecond() {
        return requests / seconds;
    }

    public double percentileMillis(double percentile) {
        return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Server CPU per request: what a request costs the predictor, however the cores were shared. */
    public double serverCpuMicrosPerRequest() {
        return requests == 0 ? Double.NaN : serverCpuSeconds * 1e6 / requests;
    }

    public double loadGeneratorCpuMicrosPerRequest() {
        return requests == 0 ? Double.NaN : loadGeneratorCpuSeconds * 1e6 / requests;
    }

    public double maxMillis() {
        return latencyMicros.getMaxValue() / 1000.0;
    }
}
