package dev.autoship.benchmarks.load;

import dev.autoship.benchmarks.predictor.PredictionRequests;
import dev.autoship.benchmarks.predictor.PredictorUnderTest;
import dev.autoship.benchmarks.report.Median;
import dev.autoship.benchmarks.report.Options;
import dev.autoship.benchmarks.report.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Orders per second and latency per request by batch size, on one kept-alive connection and on several: is a
 * batch the fast way to predict many orders? Batch size 1 is {@code POST /v1/predictions} (one order per request),
 * larger sizes {@code POST /v1/predictions/batch}; every model is cached first.
 * Options (key=value): history=embedded (or elasticsearch) customers=30 shipments=300 batchSizes=1,10,100,1000
 * connections=1,4 seconds=5 warmup=1 jitWarmup=5 repeats=3 predictorJvm="-Xmx512m".
 */
public final class BatchSizeBenchmark {
    private final Options options;
    private final Report report = new Report("batch-size");

    BatchSizeBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new BatchSizeBenchmark(new Options(args)).run();
    }

    /** Runs keyed by connection count, then batch size. */
    Map<Integer, Map<Integer, List<LoadResult>>> run() throws Exception {
        try (PredictorUnderTest backends = PredictorUnderTest.of(options.text("history", "embedded"), false)) {
            List<String> customers = backends.customers(options.integer("customers", 30), options.integer("shipments", 300));
            PredictorUnderTest.Predictor predictor = backends.startPredictor(
                    Arrays.asList(options.text("predictorJvm", "-Xmx512m").trim().split("\\s+")), Map.of());
            PredictionRequests requests = backends.requests();
            PredictorUnderTest.Warmed warmed = predictor.warm(customers, requests.single(customers, 1), 2);
            if (!warmed.failures().isEmpty()) {
                throw new IllegalStateException("customers not warmed: " + warmed.failures());
            }
            List<Integer> sizes = options.integers("batchSizes", "1,10,100,1000");
            List<Integer> connectionCounts = options.integers("connections", "1,4");
            int maxConnections = connectionCounts.stream().mapToInt(Integer::intValue).max().orElse(1);
            Map<Integer, LoadGenerator> generators = new LinkedHashMap<>();
            for (int size : sizes) {
                generators.put(size, size == 1
                        ? new LoadGenerator(predictor.client(maxConnections), "/v1/predictions",
                                requests.single(customers, 20), predictor.jvm().pid())
                        : new LoadGenerator(predictor.client(maxConnections), "/v1/predictions/batch",
                                requests.batches(customers, size), predictor.jvm().pid()));
            }
            Duration jitWarmup = options.seconds("jitWarmup", 5);
            for (LoadGenerator generator : generators.values()) {
                generator.closedLoop(maxConnections, Duration.ZERO, jitWarmup.dividedBy(generators.size()));
            }
            Map<Integer, Map<Integer, List<LoadResult>>> results = new LinkedHashMap<>();
            Duration warmUp = options.seconds("warmup", 1);
            Duration seconds = options.seconds("seconds", 5);
            for (int repeat = 0; repeat < options.integer("repeats", 3); repeat++) {
                for (int connections : connectionCounts) {
                    for (Map.Entry<Integer, LoadGenerator> size : generators.entrySet()) {
                        results.computeIfAbsent(connections, c -> new LinkedHashMap<>())
                                .computeIfAbsent(size.getKey(), s -> new ArrayList<>())
                                .add(size.getValue().closedLoop(connections, warmUp, seconds));
                    }
                }
            }
            table(results);
            report.save();
            return results;
        }
    }

    private void table(Map<Integer, Map<Integer, List<LoadResult>>> results) {
        report.heading("Orders per second by batch size (closed loop, kept-alive connections; batch size 1 = "
                + "POST /v1/predictions, else POST /v1/predictions/batch)");
        report.header("connections", "orders per request", "requests/s", "orders/s", "vs. single orders",
                "p50 ms", "p99 ms", "p99.9 ms", "max ms", "ms per 100 orders", "predictor CPU µs/order", "errors", "runs");
        results.forEach((connections, bySize) -> {
            Double singles = bySize.containsKey(1)
                    ? Median.of(bySize.get(1), LoadResult::requestsPerSecond) : null;
            bySize.forEach((size, runs) -> {
                double ordersPerSecond = Median.of(runs, LoadResult::requestsPerSecond) * size;
                report.row(connections, size, Median.of(runs, LoadResult::requestsPerSecond), ordersPerSecond,
                        singles == null ? "" : "%.2f×".formatted(ordersPerSecond / singles),
                        Median.of(runs, r -> r.percentileMillis(50)), Median.of(runs, r -> r.percentileMillis(99)),
                        Median.of(runs, r -> r.percentileMillis(99.9)), Median.of(runs, LoadResult::maxMillis),
                        // on one connection, the time 100 orders take sent this way
                        100_000.0 * connections / ordersPerSecond,
                        Median.of(runs, r -> r.serverCpuMicrosPerRequest() / size),
                        runs.stream().mapToLong(LoadResult::errors).sum(), runs.size());
            });
        });
    }
}
