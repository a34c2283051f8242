package dev.autoship.benchmarks.hostile;

import dev.autoship.benchmarks.predictor.PredictorUnderTest;
import dev.autoship.benchmarks.report.Median;
import dev.autoship.benchmarks.report.Options;
import dev.autoship.benchmarks.report.Report;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Hostile connections: a predictor (real Elasticsearch, one customer warmed) is sent {@code silent} connections
 * that never send a byte and {@code slowloris} connections that send a partial request head and then one header
 * line a second, all opened at once and never reopened. Throughout, {@code GET /observe/health/ready} on the
 * management port and {@code POST /v1/predictions} on the public port are each probed every {@code probeMillis}
 * on a fresh raw socket with a {@code probeTimeout} deadline. Measured: when the server closed each hostile
 * connection, the probes' answers and latencies while the attack lasted, and when predictions answered again.
 * The probes start {@code baseline} seconds before the attack: what the machine's load alone does to them.
 * A fresh predictor per repeat, medians over repeats. Options: silent=2000 slowloris=200 requestTimeout=10
 * maxConnections=2000 probeMillis=100 probeTimeout=1 baseline=5 observe=(3 × requestTimeout + 10) repeats=3
 * predictorJvm="-Xmx512m".
 */
public final class HostileConnectionsBenchmark {
    private static final Pattern PROBLEM = Pattern.compile("\\b(WARN|WARNING|ERROR|SEVERE)\\b|Exception|Too many open files");

    private final Options options;
    private final Report report = new Report("hostile-connections");

    HostileConnectionsBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new HostileConnectionsBenchmark(new Options(args)).run();
    }

    List<AttackResult> run() throws Exception {
        int silent = options.integer("silent", 2000);
        int slowloris = options.integer("slowloris", 200);
        int requestTimeout = options.integer("requestTimeout", 10);
        int repeats = options.integer("repeats", 3);
        Map<String, String> environment = Map.of(
                "AUTOSHIP_REQUEST_TIMEOUT", "PT" + requestTimeout + "S",
                "AUTOSHIP_MAX_CONNECTIONS", Integer.toString(options.integer("maxConnections", 2000)));
        List<AttackResult> results = new ArrayList<>();
        try (PredictorUnderTest backends = PredictorUnderTest.backends(false)) {
            List<String> customer = backends.loadCustomers(0, 1, 300);
            List<byte[]> orders = backends.requests().single(customer, 20).stream()
                    .map(body -> RawExchange.post("/v1/predictions", body)).toList();
            report.heading("Hostile connections: %d silent + %d slowloris at once, predictor with %s"
                    .formatted(silent, slowloris, environment));
            report.note("Open files allowed (soft / hard): benchmark JVM %s".formatted(openFilesLimit(Path.of("/proc/self/limits"))));
            for (int run = 1; run <= repeats; run++) {
                PredictorUnderTest.Predictor predictor = backends.startPredictor(
                        List.of(options.text("predictorJvm", "-Xmx512m").trim().split("\\s+")), environment);
                try {
                    PredictorUnderTest.Warmed warmed = predictor.warm(customer, backends.requests().single(customer, 1), 1);
                    if (!warmed.failures().isEmpty()) {
                        throw new IllegalStateException("the customer could not be warmed: " + warmed.failures());
                    }
                    report.note("Run %d: predictor open files allowed %s".formatted(run,
                            openFilesLimit(Path.of("/proc", Long.toString(predictor.jvm().pid()), "limits"))));
                    AttackResult result = attack(predictor, orders, silent, slowloris, requestTimeout);
                    results.add(result);
                    describe(run, result, predictor.jvm().log());
                } finally {
                    backends.stopPredictor(predictor);
                }
            }
            table(results, requestTimeout);
            report.save();
            return results;
        }
    }

    private AttackResult attack(PredictorUnderTest.Predictor predictor, List<byte[]> orders, int silent, int slowloris,
                                int requestTimeout) throws InterruptedException {
        InetSocketAddress publicPort = address(predictor.url());
        InetSocketAddress managementPort = address(predictor.managementUrl());
        Duration probeTimeout = options.seconds("probeTimeout", 1);
        Duration observe = options.seconds("observe", 3 * requestTimeout + 10);
        byte[] ready = RawExchange.get("/observe/health/ready");
        Probes probes = new Probes(Duration.ofMillis(options.integer("probeMillis", 100)),
                () -> RawExchange.exchange(managementPort, ready, probeTimeout, System.nanoTime()),
                sequence -> RawExchange.exchange(publicPort, orders.get(sequence % orders.size()), probeTimeout, System.nanoTime()));
        List<HostileConnection> connections = interleaved(silent, slowloris, publicPort);
        ProcessHandle server = ProcessHandle.of(predictor.jvm().pid()).orElseThrow();
        try (ExecutorService holders = Executors.newVirtualThreadPerTaskExecutor()) {
            probes.start();
            Thread.sleep(options.seconds("baseline", 5));
            Duration cpuBefore = cpu(server);
            long start = System.nanoTime();
            List<Future<Closure>> closures = connections.stream().map(c -> holders.submit(c::hold)).toList();
            long deadline = start + observe.toNanos();
            while (System.nanoTime() < deadline && !closures.stream().allMatch(Future::isDone)) {
                Thread.sleep(50);
            }
            long observationEnd = System.nanoTime();
            double predictorCpu = cpu(server).minus(cpuBefore).toNanos() / 1e9;
            connections.forEach(HostileConnection::abandon);
            List<Closure> ended = closures.stream().map(HostileConnectionsBenchmark::join).toList();
            probes.awaitPredictionAfter(observationEnd, probeTimeout.multipliedBy(10).plusSeconds(requestTimeout));
            probes.stop();
            return new AttackResult(start, observationEnd, ended, probes.health(), probes.predictions(), predictorCpu);
        }
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** The slowloris connections spread among the silent ones, so both kinds compete for the first accepts. */
    private static List<HostileConnection> interleaved(int silent, int slowloris, InetSocketAddress address) {
        List<HostileConnection> connections = new ArrayList<>(silent + slowloris);
        int total = silent + slowloris;
        int slowPlaced = 0;
        for (int i = 0; i < total; i++) {
            boolean slow = slowPlaced < slowloris && (long) i * slowloris >= (long) slowPlaced * total;
            connections.add(new HostileConnection(slow ? HostileKind.SLOWLORIS : HostileKind.SILENT, address));
            slowPlaced += slow ? 1 : 0;
        }
        return connections;
    }

    private static Closure join(Future<Closure> closure) {
        try {
            return closure.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a hostile connection's holder failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void describe(int run, AttackResult result, Path predictorLog) throws IOException {
        report.note("Run %d: endings %s; health failures %s; prediction failures %s".formatted(run, result.endings(),
                AttackResult.failures(result.healthDuringAttack()), AttackResult.failures(result.predictions())));
        report.note("Run %d: before the attack, health probes answered %d of %d, p99 / max %s ms".formatted(run,
                result.healthBefore().stream().filter(ProbeAnswer::answered).count(), result.healthBefore().size(),
                pair(AttackResult.latencyMillis(result.healthBefore(), 99), AttackResult.latencyMillis(result.healthBefore(), 100))));
        report.note("Run %d: all connected after %s s; closed per second since the start %s; predictor CPU %s s"
                .formatted(run, Report.format(result.connectedAfterSeconds()), result.closedPerSecond(),
                        Report.format(result.predictorCpuSeconds())));
        List<String> problems = Files.readAllLines(predictorLog).stream().filter(line -> PROBLEM.matcher(line).find()).toList();
        report.note("Run %d: predictor log %s: %d warning/error lines%s".formatted(run, predictorLog, problems.size(),
                problems.isEmpty() ? "" : ", first: " + problems.getFirst()));
    }

    private void table(List<AttackResult> results, int requestTimeout) {
        report.note("");
        report.header("run", "silent closed by server", "slowloris closed by server",
                "all connected after s", "closed within timeout + 1 s", "silent closed after: median / max s", "slowloris closed after: median / max s",
                "last hostile closed after s", "health probes answered / failed", "health p99 / max ms",
                "prediction probes failed", "predictions answer again after s");
        double limit = requestTimeout + 1;
        for (int i = 0; i < results.size(); i++) {
            AttackResult r = results.get(i);
            report.row(Integer.toString(i + 1),
                    r.closedByServer(HostileKind.SILENT) + " / " + r.count(HostileKind.SILENT),
                    r.closedByServer(HostileKind.SLOWLORIS) + " / " + r.count(HostileKind.SLOWLORIS),
                    Report.format(r.connectedAfterSeconds()),
                    r.closedWithin(limit) + " / " + r.closures().size(),
                    pair(r.closedAfterSeconds(HostileKind.SILENT, 50), r.closedAfterSeconds(HostileKind.SILENT, 100)),
                    pair(r.closedAfterSeconds(HostileKind.SLOWLORIS, 50), r.closedAfterSeconds(HostileKind.SLOWLORIS, 100)),
                    (r.allClosedByServer() ? "" : "> ") + Report.format(r.attackSeconds()),
                    r.healthDuringAttack().stream().filter(ProbeAnswer::answered).count() + " / "
                            + r.healthDuringAttack().stream().filter(p -> !p.answered()).count(),
                    pair(r.healthLatencyMillis(99), r.healthLatencyMillis(100)),
                    Long.toString(r.predictionFailuresDuringAttack()),
                    Report.format(r.predictionsBackAfterSeconds()));
        }
        report.row("median",
                "", "", Report.format(Median.of(results, AttackResult::connectedAfterSeconds)),
                Report.format(Median.of(results, r -> r.closedWithin(limit))),
                pair(Median.of(results, r -> r.closedAfterSeconds(HostileKind.SILENT, 50)),
                        Median.of(results, r -> r.closedAfterSeconds(HostileKind.SILENT, 100))),
                pair(Median.of(results, r -> r.closedAfterSeconds(HostileKind.SLOWLORIS, 50)),
                        Median.of(results, r -> r.closedAfterSeconds(HostileKind.SLOWLORIS, 100))),
                Report.format(Median.of(results, AttackResult::attackSeconds)),
                "",
                pair(Median.of(results, r -> r.healthLatencyMillis(99)), Median.of(results, r -> r.healthLatencyMillis(100))),
                Report.format(Median.of(results, r -> (double) r.predictionFailuresDuringAttack())),
                Report.format(Median.of(results, AttackResult::predictionsBackAfterSeconds)));
    }

    private static String pair(double first, double second) {
        return Report.format(first) + " / " + Report.format(second);
    }

    private static InetSocketAddress address(URI url) {
        return new InetSocketAddress(url.getHost(), url.getPort());
    }

    /** The "Max open files" line of a /proc/&lt;pid&gt;/limits file: soft / hard. */
    private static String openFilesLimit(Path limits) throws IOException {
        return Files.readAllLines(limits).stream().filter(line -> line.startsWith("Max open files"))
                .map(line -> line.substring("Max open files".length()).trim().split("\\s+"))
                .map(fields -> fields[0] + " / " + fields[1]).findFirst().orElse("unknown");
    }
}
