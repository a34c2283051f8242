package dev.autoship.benchmarks.cold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.benchmarks.history.GeneratedCustomers;
import dev.autoship.benchmarks.load.PredictorClient;
import dev.autoship.benchmarks.predictor.PredictionRequests;
import dev.autoship.benchmarks.predictor.PredictorUnderTest;
import dev.autoship.benchmarks.report.Median;
import dev.autoship.benchmarks.report.Options;
import dev.autoship.benchmarks.report.Report;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first prediction of a customer whose model is nowhere (history from a real Elasticsearch,
 * training, serialization, store in a real Redis), and the first prediction of the same customer on
 * a second predictor instance that loads the model from Redis instead. End to end over HTTP against
 * the real predictor, plus the stages measured one by one with the predictor's own code
 * ({@link ColdPathStages}).
 * Options: sizes=100,1000,5000 customersPerSize=5 warmupPerSize=3 (customers per size trained first, unmeasured,
 * every size's before any is measured, so the JIT has compiled the training path: the targets are for a warm JVM).
 */
public final class ColdPathBenchmark {
    private final Options options;
    private final Report report = new Report("cold-path");
    private final ObjectMapper json = new ObjectMapper();

    ColdPathBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new ColdPathBenchmark(new Options(args)).run();
    }

    /** What was measured for one history size; milliseconds, one entry per customer. */
    record SizeResult(int shipments, List<Double> trainedEndToEnd, List<Double> fromRedisEndToEnd,
                      List<ColdPathStages.Timings> stages) {
    }

    List<SizeResult> run() throws Exception {
        List<Integer> sizes = options.integers("sizes", "100,1000,5000");
        int perSize = options.integer("customersPerSize", 5);
        int warmup = options.integer("warmupPerSize", 3);
        Map<Integer, List<String>> customersBySize = new LinkedHashMap<>();
        List<SizeResult> results = new ArrayList<>();
        try (PredictorUnderTest backends = PredictorUnderTest.backends(true)) {
            int next = 0;
            for (int size : sizes) {
                // one extra customer per size warms the code paths without being measured
                customersBySize.put(size, backends.loadCustomers(next, perSize + warmup, size));
                next += perSize + warmup;
            }
            PredictionRequests requests = backends.requests();
            PredictorUnderTest.Predictor trainer = backends.startPredictor(List.of("-Xmx512m"), Map.of());
            Map<Integer, List<Double>> trained = firstPredictions(trainer, requests, customersBySize, warmup, "trained");
            String trainingMetric = trainingMetric(trainer);
            // no warm start: this instance is to load each model from Redis on its first request
            PredictorUnderTest.Predictor loader = backends.startPredictor(List.of("-Xmx512m"),
                    Map.of("AUTOSHIP_WARM_START_MODELS", "0"));
            Map<Integer, List<Double>> fromRedis = firstPredictions(loader, requests, customersBySize, warmup, "redis");

            try (ColdPathStages stages = new ColdPathStages(backends.predictorEnvironment())) {
                for (int size : sizes) {
                    for (String customer : customersBySize.get(size).subList(0, warmup)) {
                        stages.measure(customer, size);
                    }
                }
                for (int size : sizes) {
                    List<String> customers = customersBySize.get(size);
                    List<ColdPathStages.Timings> timings = new ArrayList<>();
                    for (String customer : customers.subList(warmup, customers.size())) {
                        timings.add(stages.measure(customer, size));
                    }
                    results.add(new SizeResult(size, trained.get(size), fromRedis.get(size), timings));
                }
            }
            table(results, trainingMetric);
        }
        report.save();
        return results;
    }

    /** Times each customer's first prediction on this predictor and checks which tier answered. */
    private Map<Integer, List<Double>> firstPredictions(PredictorUnderTest.Predictor predictor, PredictionRequests requests,
                                                        Map<Integer, List<String>> customersBySize, int warmup,
                                                        String expectedSource)
            throws Exception {
        PredictorClient client = predictor.client(1);
        Map<Integer, List<Double>> millis = new LinkedHashMap<>();
        // two rounds: every size's warm-up customers first, so the first measured customer of the first size
        // already meets compiled code for every history size
        for (boolean measured : new boolean[]{false, true}) {
            for (Map.Entry<Integer, List<String>> size : customersBySize.entrySet()) {
                List<String> customers = size.getValue();
                List<byte[]> bodies = requests.single(customers, 1);
                int from = measured ? warmup : 0;
                int to = measured ? customers.size() : warmup;
                for (int i = from; i < to; i++) {
                    long start = System.nanoTime();
                    PredictorClient.Response response = client.exchange("/v1/predictions", bodies.get(i));
                    double elapsed = (System.nanoTime() - start) / 1e6;
                    JsonNode answer = json.readTree(response.body());
                    String source = answer.path("model").path("source").asText();
                    if (!response.ok() || !expectedSource.equals(source)) {
                        throw new IllegalStateException("first prediction for " + customers.get(i) + " should be "
                                + expectedSource + " but was " + response.status() + " " + response.body());
                    }
                    if (measured) {
                        millis.computeIfAbsent(size.getKey(), s -> new ArrayList<>()).add(elapsed);
                    }
                }
            }
        }
        return millis;
    }

    /** The predictor's own mean of fetch + train, from its Prometheus metrics, if it publishes one. */
    private static String trainingMetric(PredictorUnderTest.Predictor predictor) {
        String metrics = predictor.management().get("/observe/metrics").body();
        double sum = Double.NaN;
        double count = Double.NaN;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("autoship_model_training_seconds_sum")) {
                sum = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("autoship_model_training_seconds_count")) {
                count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.isNaN(sum) || Double.isNaN(count) || count == 0
                ? "not published"
                : "%.1f ms mean over %.0f trainings (all sizes)".formatted(sum / count * 1000, count);
    }

    private void table(List<SizeResult> results, String trainingMetric) {
        report.heading("Cold path: first prediction of a customer (medians over customers; ms)");
        report.header("shipments", "end to end, trained (HTTP)", "history fetch (ES)", "training", "serialization",
                "Redis store", "model bytes", "end to end, from Redis (2nd instance, HTTP)", "Redis get + deserialize", "customers");
        for (SizeResult result : results) {
            report.row(result.shipments(), Median.of(result.trainedEndToEnd(), d -> d),
                    Median.of(result.stages(), ColdPathStages.Timings::fetchMillis),
                    Median.of(result.stages(), ColdPathStages.Timings::trainMillis),
                    Median.of(result.stages(), ColdPathStages.Timings::serializeMillis),
                    Median.of(result.stages(), ColdPathStages.Timings::storeMillis),
                    Median.of(result.stages(), t -> t.modelBytes()),
                    Median.of(result.fromRedisEndToEnd(), d -> d),
                    Median.of(result.stages(), ColdPathStages.Timings::loadMillis),
                    result.stages().size());
        }
        report.note("");
        report.note("Predictor's own training timer (history fetch + training): " + trainingMetric);
        report.note("History window P" + GeneratedCustomers.historyWindowDays() + "D so every generated shipment counts.");
    }
}
