package dev.autoship.benchmarks.outcome;

import dev.autoship.benchmarks.load.LoadGenerator;
import dev.autoship.benchmarks.load.LoadResult;
import dev.autoship.benchmarks.predictor.DistinctOrderIds;
import dev.autoship.benchmarks.predictor.PredictionRequests;
import dev.autoship.benchmarks.predictor.PredictorUnderTest;
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
 * Cached predictions with the prediction log off and on, compared within one run: two predictors on one
 * Elasticsearch history, the second writing its prediction log to that Elasticsearch, loaded in turn (off then on,
 * then on then off, ...) so that other work on a shared machine weighs on both alike. Each turn is a closed loop
 * (throughput and its p99) and an open loop at a fixed rate (p99 free of coordinated omission). Then the same with
 * that Elasticsearch hung (SIGSTOP): predictions must not fail, log entries are dropped and counted. Every request
 * carries an orderId of its own.
 * Options: customers=200 shipments=300 connections=16 rate=4000 seconds=10 warmup=2 jitWarmup=10 repeats=3
 * predictorJvm=-Xmx512m hung=true.
 */
public final class PredictionLogLoadBenchmark {

    private static final String DROPPED = "autoship_prediction_log_dropped_total";

    private final Options options;
    private final Report report = new Report("prediction-log-load");

    PredictionLogLoadBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new PredictionLogLoadBenchmark(new Options(args)).run();
    }

    /** One predictor's turn: with Elasticsearch up or hung, log on or off, its closed and open loop. */
    record Turn(boolean hung, boolean log, LoadResult closed, LoadResult open) {
    }

    /** Every turn in order, and the log entries the log-on predictor dropped while Elasticsearch was up and hung. */
    record Results(List<Turn> turns, double droppedUp, double droppedHung) {
    }

    Results run() throws Exception {
        int shipments = options.integer("shipments", 300);
        List<String> jvm = Arrays.asList(options.text("predictorJvm", "-Xmx512m").trim().split("\\s+"));
        try (PredictorUnderTest backends = PredictorUnderTest.of("elasticsearch", false)) {
            List<String> customers = backends.customers(options.integer("customers", 200), shipments);
            Map<String, String> cache = Map.of("AUTOSHIP_MODEL_CACHE_MAX_MODELS",
                    Integer.toString(Math.max(1000, customers.size() * 2)));
            PredictorUnderTest.Predictor off = backends.startPredictor(jvm, cache);
            PredictorUnderTest.Predictor on = backends.startPredictor(jvm, Map.of(
                    "AUTOSHIP_MODEL_CACHE_MAX_MODELS", cache.get("AUTOSHIP_MODEL_CACHE_MAX_MODELS"),
                    "AUTOSHIP_PREDICTION_LOG_INDEX", "predictions",
                    "AUTOSHIP_CLUSTER_NAME", "prediction-log-load"));
            PredictionRequests requests = backends.requests();
            int connections = options.integer("connections", 16);
            LoadGenerator offLoad = warmed(off, customers, requests, connections);
            LoadGenerator onLoad = warmed(on, customers, requests, connections);

            List<Turn> turns = new ArrayList<>();
            double dropped = on.counter(DROPPED);
            turns(false, offLoad, onLoad, turns);
            double droppedUp = on.counter(DROPPED) - dropped;
            double droppedHung = 0;
            if (Boolean.parseBoolean(options.text("hung", "true"))) {
                dropped = on.counter(DROPPED);
                backends.elasticsearch().pause();
                try {
                    turns(true, offLoad, onLoad, turns);
                } finally {
                    backends.elasticsearch().unpause();
                }
                droppedHung = on.counter(DROPPED) - dropped;
            }
            Results results = new Results(turns, droppedUp, droppedHung);
            report(results);
            return results;
        }
    }

    private LoadGenerator warmed(PredictorUnderTest.Predictor predictor, List<String> customers,
                                 PredictionRequests requests, int connections) throws InterruptedException {
        predictor.warm(customers, requests.single(customers, 1), 2).orFail();
        // every request a new orderId, as in production: nothing keyed by order may make the log look cheaper
        LoadGenerator load = new LoadGenerator(predictor.client(connections), "/v1/predictions",
                requests.single(customers, 20, true), predictor.jvm().pid(), new DistinctOrderIds());
        load.closedLoop(connections, Duration.ZERO, options.seconds("jitWarmup", 10));
        return load;
    }

    /** Alternates which predictor goes first, so a drift of the machine's load weighs on both alike. */
    private void turns(boolean hung, LoadGenerator off, LoadGenerator on, List<Turn> turns) throws InterruptedException {
        int connections = options.integer("connections", 16);
        double rate = options.decimal("rate", 4000);
        Duration warmUp = options.seconds("warmup", 2);
        Duration seconds = options.seconds("seconds", 10);
        for (int repeat = 0; repeat < options.integer("repeats", 3); repeat++) {
            for (boolean log : repeat % 2 == 0 ? List.of(false, true) : List.of(true, false)) {
                LoadGenerator load = log ? on : off;
                turns.add(new Turn(hung, log, load.closedLoop(connections, warmUp, seconds),
                        load.openLoop(connections, rate, warmUp, seconds)));
            }
        }
    }

    private void report(Results results) throws IOException {
        report.heading(("POST /v1/predictions, %s connections: closed loop, and open loop at %s req/s (latency from "
                + "intended send time); medians of %d turns each, log off and on in turn")
                .formatted(options.integer("connections", 16), Report.format(options.decimal("rate", 4000)),
                        options.integer("repeats", 3)));
        report.header("Elasticsearch", "prediction log", "closed req/s", "closed p99 ms", "open p99 ms", "open p99.9 ms",
                "open max ms", "predictor CPU µs/req (closed)", "failed predictions", "log entries dropped");
        for (boolean hung : List.of(false, true)) {
            for (boolean log : List.of(false, true)) {
                List<Turn> mine = results.turns().stream().filter(turn -> turn.hung() == hung && turn.log() == log).toList();
                if (mine.isEmpty()) {
                    continue;
                }
                report.row(hung ? "hung" : "up", log ? "on" : "off", Median.of(mine, turn -> turn.closed().requestsPerSecond()),
                        Median.of(mine, turn -> turn.closed().percentileMillis(99)),
                        Median.of(mine, turn -> turn.open().percentileMillis(99)),
                        Median.of(mine, turn -> turn.open().percentileMillis(99.9)),
                        Median.of(mine, turn -> turn.open().maxMillis()),
                        Median.of(mine, turn -> turn.closed().serverCpuMicrosPerRequest()),
                        mine.stream().mapToLong(turn -> turn.closed().errors() + turn.open().errors()).sum(),
                        log ? Report.format(hung ? results.droppedHung() : results.droppedUp()) : "—");
            }
        }
        report.heading("Log on against log off (ratios of the medians above)");
        report.header("Elasticsearch", "throughput on/off", "closed p99 on/off", "open p99 on/off");
        for (boolean hung : List.of(false, true)) {
            List<Turn> offTurns = results.turns().stream().filter(turn -> turn.hung() == hung && !turn.log()).toList();
            List<Turn> onTurns = results.turns().stream().filter(turn -> turn.hung() == hung && turn.log()).toList();
            if (offTurns.isEmpty()) {
                continue;
            }
            report.row(hung ? "hung" : "up",
                    Median.of(onTurns, turn -> turn.closed().requestsPerSecond()) / Median.of(offTurns, turn -> turn.closed().requestsPerSecond()),
                    Median.of(onTurns, turn -> turn.closed().percentileMillis(99)) / Median.of(offTurns, turn -> turn.closed().percentileMillis(99)),
                    Median.of(onTurns, turn -> turn.open().percentileMillis(99)) / Median.of(offTurns, turn -> turn.open().percentileMillis(99)));
        }
        report.save();
    }
}
