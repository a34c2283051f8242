package dev.autoship.benchmarks.restart;

import dev.autoship.benchmarks.load.LoadGenerator;
import dev.autoship.benchmarks.load.LoadResult;
import dev.autoship.benchmarks.predictor.PredictionRequests;
import dev.autoship.benchmarks.predictor.PredictorUnderTest;
import dev.autoship.benchmarks.report.Options;
import dev.autoship.benchmarks.report.Report;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One step of a rolling update: an instance that has served every customer for a while (the warm
 * figure), then a new instance of the same cluster (same Redis) started as a rollout would start it,
 * given the same load from the moment it reports ready — its first seconds are what the users of a
 * rolling update see. Options: customers=200 shipments=300 connections=16 seconds=10 jitWarmup=10;
 * {@code scenario=first} measures the first predictions after a restart instead ({@link FirstPredictionsAfterRestart}).
 */
public final class RollingRestartBenchmark {
    private static final String PATH = "/v1/predictions";

    private final Options options;
    private final Report report = new Report("rolling-restart");

    RollingRestartBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = new Options(args);
        if (options.text("scenario", "rolling").equals("first")) {
            new FirstPredictionsAfterRestart(options).run();
        } else {
            new RollingRestartBenchmark(options).run();
        }
    }

    /** The old instance warm, and the new one in its first seconds after ready. */
    record Result(LoadResult warm, LoadResult newInstance, double readyAfterSeconds) {
    }

    Result run() throws Exception {
        int customers = options.integer("customers", 200);
        int shipments = options.integer("shipments", 300);
        int connections = options.integer("connections", 16);
        Duration duration = options.seconds("seconds", 10);
        Duration jitWarmup = options.seconds("jitWarmup", 10);
        try (PredictorUnderTest backends = PredictorUnderTest.backends(true)) {
            List<String> ids = backends.loadCustomers(0, customers, shipments);
            PredictionRequests requests = backends.requests();
            List<byte[]> bodies = requests.single(ids, 5);
            PredictorUnderTest.Predictor old = backends.startPredictor(List.of("-Xmx512m"), Map.of());
            PredictorUnderTest.Warmed warmed = old.warm(ids, requests.single(ids, 1), 2);
            if (!warmed.failures().isEmpty()) {
                throw new IllegalStateException("customers could not be warmed: " + warmed.failures());
            }
            LoadGenerator onOld = new LoadGenerator(old.client(connections), PATH, bodies, old.jvm().pid());
            LoadResult warm = onOld.closedLoop(connections, jitWarmup, duration);
            long starting = System.nanoTime();
            PredictorUnderTest.Predictor fresh = backends.startPredictor(List.of("-Xmx512m"), Map.of());
            double readyAfter = (System.nanoTime() - starting) / 1e9;
            LoadGenerator onNew = new LoadGenerator(fresh.client(connections), PATH, bodies, fresh.jvm().pid());
            Result result = new Result(warm, onNew.closedLoop(connections, Duration.ZERO, duration), readyAfter);
            table(result, customers, shipments, connections);
            report.save();
            return result;
        }
    }

    private void table(Result result, int customers, int shipments, int connections) {
        report.heading("Rolling restart: %d customers (%d shipments), %d connections".formatted(customers, shipments,
                connections));
        report.header("instance", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "errors");
        row("old instance, warm", result.warm());
        row("new instance, first seconds after ready", result.newInstance());
        report.note("");
        report.note("New instance ready after %s s (JVM start, warm start, listening); its p99 / the warm p99: %s"
                .formatted(Report.format(result.readyAfterSeconds()), Report.format(
                        result.newInstance().percentileMillis(99) / result.warm().percentileMillis(99))));
    }

    private void row(String instance, LoadResult result) {
        report.row(instance, result.requestsPerSecond(), result.percentileMillis(50), result.percentileMillis(99),
                result.percentileMillis(99.9), result.maxMillis(), result.errors());
    }
}
