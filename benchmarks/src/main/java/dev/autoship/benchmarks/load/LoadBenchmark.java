package dev.autoship.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.benchmarks.predictor.PredictionRequests;
import dev.autoship.benchmarks.predictor.PredictorUnderTest;
import dev.autoship.benchmarks.report.Median;
import dev.autoship.benchmarks.report.Options;
import dev.autoship.benchmarks.report.Report;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cached-prediction throughput and latency over real HTTP, then batch throughput.
 * Options (key=value): history=elasticsearch (or embedded: the predictor's demo customers only)
 * customers=200 shipments=300 connections=1,8,32,128 seconds=10 warmup=2 jitWarmup=10
 * repeats=3 openFractions=0.5,0.75 targetRate=30000 batchSizes=10,100,1000 batchConnections=2
 * targetConnections=32 predictorJvm="-Xmx512m" jfr=false predictionLog=off elasticsearchDuring=up.
 * {@code predictionLog=on} runs the predictor with its prediction log (AUTOSHIP_PREDICTION_LOG_INDEX) in the
 * Elasticsearch of the history; {@code elasticsearchDuring=hung} (SIGSTOP) or {@code down} (stopped) leaves the
 * measured runs without a working Elasticsearch, once every model is held. The report notes the log entries dropped.
 */
public final class LoadBenchmark {
    private final Options options;
    private final Report report = new Report("load");

    LoadBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new LoadBenchmark(new Options(args)).run();
    }

    /** Every run, repeats in order, keyed by connection count (open loops first by fraction, batch runs by batch size). */
    record Results(Map<Integer, List<LoadResult>> closed, Map<Double, Map<Integer, List<LoadResult>>> open,
                   List<LoadResult> atTargetRate, Map<Integer, List<LoadResult>> batches) {
    }

    Results run() throws Exception {
        String history = options.text("history", "elasticsearch");
        int shipments = options.integer("shipments", 300);
        try (PredictorUnderTest backends = PredictorUnderTest.of(history, false)) {
            List<String> customers = backends.customers(options.integer("customers", 200), shipments);
            Map<String, String> environment = new HashMap<>(Map.of("AUTOSHIP_MODEL_CACHE_MAX_MODELS",
                    Integer.toString(Math.max(1000, customers.size() * 2))));
            boolean predictionLog = "on".equals(options.text("predictionLog", "off"));
            if (predictionLog) {
                environment.put("AUTOSHIP_PREDICTION_LOG_INDEX", "predictions");
                environment.put("AUTOSHIP_CLUSTER_NAME", "load-benchmark");
            }
            PredictorUnderTest.Predictor predictor = backends.startPredictor(jvmOptions(), environment);
            PredictionRequests requests = backends.requests();
            long warmStart = System.nanoTime();
            predictor.warm(customers, requests.single(customers, 1), 2).orFail();
            report.note("Warmed %d customers' models in %.1f s (%s history)."
                    .formatted(customers.size(), (System.nanoTime() - warmStart) / 1e9,
                            "embedded".equals(history) ? "the predictor's embedded demo" : shipments + " shipments each, Elasticsearch"));
            verifyAnswers(predictor, requests, customers);
            Results results = new Results(new LinkedHashMap<>(), new LinkedHashMap<>(), new ArrayList<>(), new LinkedHashMap<>());
            String during = options.text("elasticsearchDuring", "up");
            report.note("Prediction log %s; Elasticsearch %s while measuring.".formatted(predictionLog ? "on" : "off", during));
            double droppedBefore = predictor.counter("autoship_prediction_log_dropped_total");
            switch (during) {
                case "up" -> { }
                case "hung" -> backends.elasticsearch().pause();
                case "down" -> backends.elasticsearch().close();
                default -> throw new IllegalArgumentException("elasticsearchDuring must be up, hung or down, got " + during);
            }
            try {
                singlePredictions(predictor, requests.single(customers, 20), results);
                batches(predictor, requests, customers, results.batches());
            } finally {
                if (during.equals("hung")) {
                    backends.elasticsearch().unpause();
                }
            }
            report.note("Prediction log entries dropped while measuring: %.0f (autoship_prediction_log_dropped_total)."
                    .formatted(predictor.counter("autoship_prediction_log_dropped_total") - droppedBefore));
            report.save();
            return results;
        }
    }

    /** The load is only worth measuring if the answers are real predictions: check one of each kind. */
    private static void verifyAnswers(PredictorUnderTest.Predictor predictor, PredictionRequests requests, List<String> customers)
            throws Exception {
        ObjectMapper json = new ObjectMapper();
        PredictorClient client = predictor.client(1);
        JsonNode single = json.readTree(client.exchange("/v1/predictions", requests.single(customers, 1).getFirst()).body());
        if (!single.path("shipment").hasNonNull("carrier") || !"memory".equals(single.path("model").path("source").asText())) {
            throw new IllegalStateException("a cached prediction should name a carrier and come from memory: " + single);
        }
        JsonNode batch = json.readTree(client.exchange("/v1/predictions/batch",
                requests.batches(customers.subList(0, 1), 10).getFirst()).body());
        if (batch.path("predictions").size() != 10 || !batch.path("predictions").get(9).path("shipment").hasNonNull("carrier")) {
            throw new IllegalStateException("a batch of 10 orders should get 10 predictions: " + batch);
        }
    }

    private List<String> jvmOptions() {
        List<String> jvm = new ArrayList<>(Arrays.asList(options.text("predictorJvm", "-Xmx512m").trim().split("\\s+")));
        if (Boolean.parseBoolean(options.text("jfr", "false"))) {
            jvm.add("-XX:StartFlightRecording=settings=profile,filename="
                    + Path.of(System.getProperty("bench.results", "target/bench-results"), "predictor-load.jfr").toAbsolutePath());
        }
        return jvm;
    }

    private void singlePredictions(PredictorUnderTest.Predictor predictor, List<byte[]> bodies, Results results)
            throws InterruptedException {
        List<Integer> connectionCounts = options.integers("connections", "1,8,32,128");
        int repeats = options.integer("repeats", 3);
        Duration seconds = options.seconds("seconds", 10);
        Duration warmUp = options.seconds("warmup", 2);
        int maxConnections = connectionCounts.stream().mapToInt(Integer::intValue).max().orElse(1);
        LoadGenerator generator = new LoadGenerator(predictor.client(maxConnections), "/v1/predictions", bodies,
                predictor.jvm().pid());
        generator.closedLoop(Math.min(32, maxConnections), Duration.ZERO, options.seconds("jitWarmup", 10));

        Map<Integer, List<LoadResult>> closed = results.closed();
        for (int repeat = 0; repeat < repeats; repeat++) {
            for (int connections : connectionCounts) {
                closed.computeIfAbsent(connections, c -> new ArrayList<>()).add(generator.closedLoop(connections, warmUp, seconds));
            }
        }
        report.heading("POST /v1/predictions, closed loop (max throughput; latency from actual send)");
        table(closed);

        for (String fractionText : options.text("openFractions", "0.5,0.75").split(",")) {
            double fraction = Double.parseDouble(fractionText.trim());
            Map<Integer, List<LoadResult>> open = results.open().computeIfAbsent(fraction, f -> new LinkedHashMap<>());
            for (int repeat = 0; repeat < repeats; repeat++) {
                for (int connections : connectionCounts) {
                    double rate = fraction * Median.of(closed.get(connections), LoadResult::requestsPerSecond);
                    open.computeIfAbsent(connections, c -> new ArrayList<>()).add(generator.openLoop(connections, rate, warmUp, seconds));
                }
            }
            report.heading(("POST /v1/predictions, open loop at %.0f%% of each closed-loop median (latency from intended send time,"
                    + " coordinated-omission free)").formatted(fraction * 100));
            table(open);
        }

        double target = options.decimal("targetRate", 30_000);
        int targetConnections = options.integer("targetConnections", 32);
        List<LoadResult> atTarget = results.atTargetRate();
        for (int repeat = 0; repeat < repeats; repeat++) {
            atTarget.add(generator.openLoop(targetConnections, target, warmUp, seconds));
        }
        report.heading("POST /v1/predictions, open loop at the target rate");
        table(Map.of(targetConnections, atTarget));
    }

    private void batches(PredictorUnderTest.Predictor predictor, PredictionRequests requests, List<String> customers,
                         Map<Integer, List<LoadResult>> results) throws InterruptedException {
        int connections = options.integer("batchConnections", 2);
        int repeats = options.integer("repeats", 3);
        Duration seconds = options.seconds("seconds", 10);
        Duration warmUp = options.seconds("warmup", 2);
        report.heading("POST /v1/predictions/batch, closed loop, %d connections".formatted(connections));
        report.header("batch size", "batches/s", "orders/s", "p50 ms", "p99 ms", "max ms", "predictor CPU µs/order", "errors", "runs");
        for (int size : options.integers("batchSizes", "10,100,1000")) {
            List<String> some = customers.subList(0, Math.min(customers.size(), Math.max(10, 20_000 / size)));
            LoadGenerator generator = new LoadGenerator(predictor.client(connections), "/v1/predictions/batch",
                    requests.batches(some, size), predictor.jvm().pid());
            List<LoadResult> runs = results.computeIfAbsent(size, s -> new ArrayList<>());
            for (int repeat = 0; repeat < repeats; repeat++) {
                runs.add(generator.closedLoop(connections, warmUp, seconds));
            }
            double batchesPerSecond = Median.of(runs, LoadResult::requestsPerSecond);
            report.row(size, batchesPerSecond, batchesPerSecond * size, Median.of(runs, r -> r.percentileMillis(50)),
                    Median.of(runs, r -> r.percentileMillis(99)), Median.of(runs, LoadResult::maxMillis),
                    Median.of(runs, r -> r.serverCpuMicrosPerRequest() / size),
                    runs.stream().mapToLong(LoadResult::errors).sum() + errorKinds(runs), runs.size());
        }
    }

    private void table(Map<Integer, List<LoadResult>> results) {
        report.header("connections", "rate asked (req/s)", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms",
                "predictor CPU µs/req", "load generator CPU µs/req", "errors", "runs");
        results.forEach((connections, runs) -> report.row(connections,
                runs.getFirst().targetRate() > 0 ? Median.of(runs, LoadResult::targetRate) : "max",
                Median.of(runs, LoadResult::requestsPerSecond),
                Median.of(runs, r -> r.percentileMillis(50)),
                Median.of(runs, r -> r.percentileMillis(99)),
                Median.of(runs, r -> r.percentileMillis(99.9)),
                Median.of(runs, LoadResult::maxMillis),
                Median.of(runs, LoadResult::serverCpuMicrosPerRequest),
                Median.of(runs, LoadResult::loadGeneratorCpuMicrosPerRequest),
                runs.stream().mapToLong(LoadResult::errors).sum() + errorKinds(runs),
                runs.size()));
    }

    private static String errorKinds(List<LoadResult> runs) {
        Map<String, Long> kinds = new LinkedHashMap<>();
        runs.forEach(run -> run.errorsByKind().forEach((kind, count) -> kinds.merge(kind, count, Long::sum)));
        return kinds.isEmpty() ? "" : " " + kinds;
    }
}
