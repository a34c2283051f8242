package dev.autoship.benchmarks.load;

import dev.autoship.benchmarks.predictor.PredictionRequests;
import dev.autoship.benchmarks.predictor.PredictorBuild;
import dev.autoship.benchmarks.predictor.PredictorUnderTest;
import dev.autoship.benchmarks.process.ProcessMemory;
import dev.autoship.benchmarks.report.Median;
import dev.autoship.benchmarks.report.Options;
import dev.autoship.benchmarks.report.Report;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * This build's warm throughput, tail and memory beside an earlier build's, in one run: both predictors on one
 * Elasticsearch history with every model held, loaded in turn (this build first, then the earlier one first, ...)
 * so that drifting load on a shared machine weighs on both alike; each turn a closed loop per connection count and
 * an open loop at a fixed rate. Then each predictor's memory after a full GC.
 * Options: baseline=NAME baselineClasses=DIR baselineClasspath=FILE baselineManagementPort=false customers=200
 * shipments=300 connections=16,64 rate=8000 seconds=10 warmup=2 jitWarmup=10 repeats=3 predictorJvm=-Xmx512m
 * startFirst=this|baseline.
 * <p>The predictor started and warmed first has been seen to lose: with the same build in both places it got 0.85 of
 * the other's throughput, and over nine comparisons on one machine the first-started build got 0.77–1.08 (median
 * 0.93) of the other's, whichever build it was. A comparison therefore runs once with each build started first
 * ({@code startFirst=baseline} for the second run), and only what
 * holds in both counts.
 * Without {@code baselineClasses} the baseline is this build again (a smoke run: both columns should agree).
 * {@code ownClasses=DIR ownClasspath=FILE} start this build on its own classpath (see {@link PredictorBuild#current(Options)}).
 */
public final class BaselineComparisonBenchmark {

    private final Options options;
    private final Report report = new Report("baseline");

    BaselineComparisonBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new BaselineComparisonBenchmark(new Options(args)).run();
    }

    /** One build's turn: its closed loop at each connection count and its open loop. */
    record Turn(boolean baseline, List<LoadResult> closed, LoadResult open) {
    }

    record Results(List<Turn> turns, ProcessMemory current, ProcessMemory baseline) {
    }

    Results run() throws Exception {
        PredictorBuild baselineBuild = baselineBuild();
        List<String> jvm = Arrays.asList(options.text("predictorJvm", "-Xmx512m").trim().split("\\s+"));
        try (PredictorUnderTest backends = PredictorUnderTest.of("elasticsearch", false)) {
            List<String> customers = backends.customers(options.integer("customers", 200), options.integer("shipments", 300));
            // a predictor's connections wait idle through the other build's turns; by the next turn the load
            // generator has given them up and connects anew, and at the 60 s default idle timeout the predictor
            // closed the old ones during that turn, which deoptimized its read path in the measured window
            Map<String, String> environment = Map.of("AUTOSHIP_MODEL_CACHE_MAX_MODELS",
                    Integer.toString(Math.max(1000, customers.size() * 2)), "AUTOSHIP_IDLE_TIMEOUT", "PT10M");
            boolean baselineFirst = options.text("startFirst", "this").equals("baseline");
            PredictorUnderTest.Predictor first = backends.startPredictor(
                    baselineFirst ? baselineBuild : PredictorBuild.current(options), jvm, environment);
            PredictorUnderTest.Predictor second = backends.startPredictor(
                    baselineFirst ? PredictorBuild.current(options) : baselineBuild, jvm, environment);
            PredictorUnderTest.Predictor current = baselineFirst ? second : first;
            PredictorUnderTest.Predictor baseline = baselineFirst ? first : second;
            PredictionRequests requests = backends.requests();
            int maxConnections = options.integers("connections", "16,64").stream().mapToInt(Integer::intValue).max().orElseThrow();
            LoadGenerator firstLoad = warmed(first, customers, requests, maxConnections);
            LoadGenerator secondLoad = warmed(second, customers, requests, maxConnections);
            LoadGenerator currentLoad = baselineFirst ? secondLoad : firstLoad;
            LoadGenerator baselineLoad = baselineFirst ? firstLoad : secondLoad;
            List<Turn> turns = new ArrayList<>();
            for (int repeat = 0; repeat < options.integer("repeats", 3); repeat++) {
                for (boolean isBaseline : repeat % 2 == 0 ? List.of(false, true) : List.of(true, false)) {
                    turns.add(turn(isBaseline, isBaseline ? baselineLoad : currentLoad));
                }
            }
            Results results = new Results(turns, ProcessMemory.of(current.jvm().pid()), ProcessMemory.of(baseline.jvm().pid()));
            report(results, baselineBuild.name(), customers.size());
            return results;
        }
    }

    private PredictorBuild baselineBuild() throws IOException {
        return PredictorBuild.baseline(options)
                .orElseGet(() -> new PredictorBuild("this build again", PredictorBuild.current().classpath(), true));
    }

    private LoadGenerator warmed(PredictorUnderTest.Predictor predictor, List<String> customers,
                                 PredictionRequests requests, int connections) throws InterruptedException {
        predictor.warm(customers, requests.single(customers, 1), 2).orFail();
        LoadGenerator load = new LoadGenerator(predictor.client(connections), "/v1/predictions",
                requests.single(customers, 20), predictor.jvm().pid());
        load.closedLoop(connections, Duration.ZERO, options.seconds("jitWarmup", 10));
        return load;
    }

    private Turn turn(boolean baseline, LoadGenerator load) throws InterruptedException {
        Duration warmUp = options.seconds("warmup", 2);
        Duration seconds = options.seconds("seconds", 10);
        List<LoadResult> closed = new ArrayList<>();
        for (int connections : options.integers("connections", "16,64")) {
            closed.add(load.closedLoop(connections, warmUp, seconds));
        }
        int openConnections = options.integers("connections", "16,64").getFirst();
        return new Turn(baseline, closed, load.openLoop(openConnections, options.decimal("rate", 8000), warmUp, seconds));
    }

    private void report(Results results, String baselineName, int customers) throws IOException {
        List<Integer> connectionCounts = options.integers("connections", "16,64");
        List<Turn> mine = results.turns().stream().filter(turn -> !turn.baseline()).toList();
        List<Turn> theirs = results.turns().stream().filter(Turn::baseline).toList();
        report.note("This build against %s; %d customers' models held by each; medians of %d turns each, taken in turn; %s started first."
                .formatted(baselineName, customers, mine.size(),
                        options.text("startFirst", "this").equals("baseline") ? baselineName : "this build"));
        report.heading("Closed loop: POST /v1/predictions");
        report.header("connections", "build", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "predictor CPU µs/req",
                "load generator CPU µs/req", "errors");
        for (int i = 0; i < connectionCounts.size(); i++) {
            int index = i;
            for (List<Turn> turns : List.of(mine, theirs)) {
                report.row(connectionCounts.get(i), turns == mine ? "this build" : baselineName,
                        Median.of(turns, turn -> turn.closed().get(index).requestsPerSecond()),
                        Median.of(turns, turn -> turn.closed().get(index).percentileMillis(50)),
                        Median.of(turns, turn -> turn.closed().get(index).percentileMillis(99)),
                        Median.of(turns, turn -> turn.closed().get(index).percentileMillis(99.9)),
                        Median.of(turns, turn -> turn.closed().get(index).serverCpuMicrosPerRequest()),
                        Median.of(turns, turn -> turn.closed().get(index).loadGeneratorCpuMicrosPerRequest()),
                        turns.stream().mapToLong(turn -> turn.closed().get(index).errors()).sum());
            }
            report.row(connectionCounts.get(i), "ratio this/" + baselineName,
                    Median.of(mine, turn -> turn.closed().get(index).requestsPerSecond())
                            / Median.of(theirs, turn -> turn.closed().get(index).requestsPerSecond()),
                    "", Median.of(mine, turn -> turn.closed().get(index).percentileMillis(99))
                            / Median.of(theirs, turn -> turn.closed().get(index).percentileMillis(99)), "", "", "", "");
            report.note("Closed-loop req/s at %d connections turn by turn: ".formatted(connectionCounts.get(i))
                    + results.turns().stream()
                    .map(turn -> (turn.baseline() ? baselineName : "this build") + " "
                            + Report.format(turn.closed().get(index).requestsPerSecond()))
                    .collect(java.util.stream.Collectors.joining(", ")) + ".");
        }
        report.heading("Open loop at %s req/s, %d connections (latency from the intended send time)"
                .formatted(Report.format(options.decimal("rate", 8000)), connectionCounts.getFirst()));
        report.header("build", "achieved req/s", "p99 ms", "p99.9 ms", "max ms", "errors");
        for (List<Turn> turns : List.of(mine, theirs)) {
            report.row(turns == mine ? "this build" : baselineName, Median.of(turns, turn -> turn.open().requestsPerSecond()),
                    Median.of(turns, turn -> turn.open().percentileMillis(99)),
                    Median.of(turns, turn -> turn.open().percentileMillis(99.9)),
                    Median.of(turns, turn -> turn.open().maxMillis()),
                    turns.stream().mapToLong(turn -> turn.open().errors()).sum());
        }
        report.note("Open-loop p99 ms turn by turn: " + results.turns().stream()
                .map(turn -> (turn.baseline() ? baselineName : "this build") + " " + Report.format(turn.open().percentileMillis(99)))
                .collect(java.util.stream.Collectors.joining(", ")) + ".");
        report.heading("Memory after the runs (full GC first)");
        report.header("build", "RSS MiB", "peak RSS MiB", "live heap MiB", "committed heap MiB");
        for (boolean baseline : List.of(false, true)) {
            ProcessMemory memory = baseline ? results.baseline() : results.current();
            report.row(baseline ? baselineName : "this build", memory.rssMiB(), memory.peakRssMiB(), memory.liveHeapMiB(),
                    memory.committedHeapMiB());
        }
        report.save();
    }
}
