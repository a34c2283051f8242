package dev.autoship.benchmarks.burst;

import dev.autoship.benchmarks.load.LoadGenerator;
import dev.autoship.benchmarks.load.LoadResult;
import dev.autoship.benchmarks.predictor.PredictionRequests;
import dev.autoship.benchmarks.predictor.PredictorUnderTest;
import dev.autoship.benchmarks.report.Options;
import dev.autoship.benchmarks.report.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A cold burst: a freshly started predictor with an empty Redis, customers whose histories are spread from
 * {@code minShipments} to {@code maxShipments}, asked by {@code connections} keep-alive connections at once
 * (closed loop over every customer, 30 s): errors, latency, when the last model was trained and the
 * throughput against the same load once every model is held (measured right after, in the same run).
 * Meanwhile one more connection asks only customers the predictor already holds: their latency is what
 * serving the others costs them. Options: customers=200 sizeGroups=10 minShipments=100 maxShipments=5000
 * connections=16 seconds=30 held=10 warmSeconds=10 predictorJvm="-Xmx512m" (e.g. add a JFR recording).
 */
public final class ColdBurstBenchmark {
    private static final String PATH = "/v1/predictions";

    private final Options options;
    private final Report report = new Report("cold-burst");

    ColdBurstBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new ColdBurstBenchmark(new Options(args)).run();
    }

    /** What one burst measured. */
    record Result(LoadResult burst, LoadResult held, double secondsUntilAllHeld, int modelsHeldAtEnd, LoadResult warm) {
    }

    Result run() throws Exception {
        int customers = options.integer("customers", 200);
        int groups = options.integer("sizeGroups", 10);
        int minShipments = options.integer("minShipments", 100);
        int maxShipments = options.integer("maxShipments", 5000);
        int connections = options.integer("connections", 16);
        Duration duration = options.seconds("seconds", 30);
        int heldCount = options.integer("held", 10);
        Duration warmDuration = options.seconds("warmSeconds", 10);
        try (PredictorUnderTest backends = PredictorUnderTest.backends(true)) {
            List<String> cold = new ArrayList<>();
            int perGroup = Math.max(1, customers / groups);
            for (int group = 0; group < groups; group++) {
                int size = groups == 1 ? maxShipments : minShipments + (maxShipments - minShipments) * group / (groups - 1);
                cold.addAll(backends.loadCustomers(cold.size(), perGroup, size));
            }
            List<String> held = backends.loadCustomers(cold.size(), heldCount, 300);
            PredictionRequests requests = backends.requests();
            PredictorUnderTest.Predictor predictor = backends.startPredictor(
                    List.of(options.text("predictorJvm", "-Xmx512m").trim().split("\\s+")), Map.of());
            PredictorUnderTest.Warmed warmed = predictor.warm(held, requests.single(held, 1), 2);
            if (!warmed.failures().isEmpty()) {
                throw new IllegalStateException("held customers could not be warmed: " + warmed.failures());
            }
            long pid = predictor.jvm().pid();
            LoadGenerator burstLoad = new LoadGenerator(predictor.client(connections), PATH, requests.single(cold, 5), pid);
            LoadGenerator heldLoad = new LoadGenerator(predictor.client(1), PATH, requests.single(held, 20), pid);
            long started = System.nanoTime();
            CompletableFuture<Double> allHeld = CompletableFuture.supplyAsync(
                    () -> secondsUntilHeld(predictor, cold.size() + held.size(), started, duration));
            CompletableFuture<LoadResult> heldRun = CompletableFuture.supplyAsync(() -> closedLoop(heldLoad, 1, duration));
            LoadResult burst = burstLoad.closedLoop(connections, Duration.ZERO, duration);
            Result result = new Result(burst, heldRun.join(), allHeld.join(), modelsHeld(predictor),
                    burstLoad.closedLoop(connections, Duration.ofSeconds(2), warmDuration));
            table(result, cold.size(), minShipments, maxShipments, connections);
            report.save();
            return result;
        }
    }

    private static LoadResult closedLoop(LoadGenerator load, int connections, Duration duration) {
        try {
            return load.closedLoop(connections, Duration.ZERO, duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Seconds from the burst's start until the predictor holds {@code models} models (NaN: not within the run). */
    private static double secondsUntilHeld(PredictorUnderTest.Predictor predictor, int models, long started, Duration limit) {
        while (System.nanoTime() - started < limit.toNanos()) {
            if (modelsHeld(predictor) >= models) {
                return (System.nanoTime() - started) / 1e9;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static int modelsHeld(PredictorUnderTest.Predictor predictor) {
        for (String line : predictor.management().get("/observe/metrics").body().split("\n")) {
            if (line.startsWith("autoship_models_held")) {
                return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private void table(Result result, int customers, int minShipments, int maxShipments, int connections) {
        report.heading("Cold burst: %d customers (%d..%d shipments), fresh predictor, empty Redis, %d connections"
                .formatted(customers, minShipments, maxShipments, connections));
        report.header("run", "req/s", "p50 ms", "p99 ms", "max ms", "errors", "predictor CPU µs/req");
        row("burst (closed loop, from the first request)", result.burst());
        row("held customers during the burst (1 connection)", result.held());
        row("same load, every model held (right after)", result.warm());
        report.note("");
        report.note("All %d models held after: %s s (models held at the end of the burst: %d)".formatted(
                customers, Double.isNaN(result.secondsUntilAllHeld()) ? "not within the run"
                        : Report.format(result.secondsUntilAllHeld()), result.modelsHeldAtEnd()));
        report.note("Burst throughput / warm throughput: " + Report.format(
                result.burst().requestsPerSecond() / result.warm().requestsPerSecond()));
        if (!result.burst().errorsByKind().isEmpty()) {
            report.note("Burst errors by kind: " + result.burst().errorsByKind());
        }
    }

    private void row(String run, LoadResult result) {
        report.row(run, result.requestsPerSecond(), result.percentileMillis(50), result.percentileMillis(99),
                result.maxMillis(), result.errors(), result.serverCpuMicrosPerRequest());
    }
}
