package dev.autoship.benchmarks.memory;

import dev.autoship.benchmarks.predictor.PredictionRequests;
import dev.autoship.benchmarks.predictor.PredictorBuild;
import dev.autoship.benchmarks.predictor.PredictorUnderTest;
import dev.autoship.benchmarks.process.ProcessMemory;
import dev.autoship.benchmarks.report.Median;
import dev.autoship.benchmarks.report.Options;
import dev.autoship.benchmarks.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Predictor memory with 1, 200 and 2,000 customers' models held: RSS from /proc/&lt;pid&gt;/status and
 * live heap after a full GC (jcmd), measured in a fresh predictor JVM per repeat that is warmed
 * customer by customer up to each level.
 * Options: history=elasticsearch (or embedded: a few dozen customers at most) levels=1,200,2000 shipments=300 repeats=3
 * predictorJvm="-Xmx512m" nmt=false (true: Native Memory Tracking summary and heap class histogram per level into the results folder);
 * baseline=NAME baselineClasses=DIR baselineClasspath=FILE measures an earlier build in turn with this one, and
 * ownClasses=DIR ownClasspath=FILE this one on its own classpath (see {@link PredictorBuild#current(Options)}).
 */
public final class MemoryBenchmark {
    private final Options options;
    private final Report report = new Report("memory");

    MemoryBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new MemoryBenchmark(new Options(args)).run();
    }

    /** This build's memory by level (0 = started, no model), one entry per repeat. */
    Map<Integer, List<ProcessMemory>> run() throws Exception {
        List<Integer> levels = options.integers("levels", "1,200,2000");
        int shipments = options.integer("shipments", 300);
        int repeats = options.integer("repeats", 3);
        int most = levels.stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<String> jvm = new ArrayList<>(Arrays.asList(options.text("predictorJvm", "-Xmx512m").trim().split("\\s+")));
        boolean nmt = Boolean.parseBoolean(options.text("nmt", "false"));
        if (nmt) {
            jvm.add("-XX:NativeMemoryTracking=summary");
        }
        List<PredictorBuild> builds = new ArrayList<>(List.of(PredictorBuild.current(options)));
        PredictorBuild.baseline(options).ifPresent(builds::add);
        Map<PredictorBuild, Map<Integer, List<ProcessMemory>>> byBuild = new LinkedHashMap<>();
        try (PredictorUnderTest backends = PredictorUnderTest.of(options.text("history", "elasticsearch"), false)) {
            List<String> customers = backends.customers(most, shipments);
            if (customers.size() < most) {
                throw new IllegalStateException("only " + customers.size() + " customers available for level " + most);
            }
            PredictionRequests requests = backends.requests();
            List<byte[]> oneEach = requests.single(customers, 1);
            for (int repeat = 0; repeat < repeats; repeat++) {
                // builds in turn, so that a drifting machine weighs on each alike
                for (PredictorBuild build : repeat % 2 == 0 ? builds : builds.reversed()) {
                    Map<Integer, List<ProcessMemory>> byLevel = byBuild.computeIfAbsent(build, b -> new LinkedHashMap<>());
                    PredictorUnderTest.Predictor predictor = backends.startPredictor(build, jvm,
                            Map.of("AUTOSHIP_MODEL_CACHE_MAX_MODELS", Integer.toString(most + 100)));
                    byLevel.computeIfAbsent(0, l -> new ArrayList<>()).add(ProcessMemory.of(predictor.jvm().pid()));
                    int held = 0;
                    for (int level : levels) {
                        PredictorUnderTest.Warmed warmed = predictor.warm(customers.subList(held, level), oneEach.subList(held, level), 2);
                        if (!warmed.failures().isEmpty()) {
                            throw new IllegalStateException("could not train up to " + level + " models: " + warmed.failures().getFirst());
                        }
                        held = level;
                        byLevel.computeIfAbsent(level, l -> new ArrayList<>()).add(ProcessMemory.of(predictor.jvm().pid()));
                        if (nmt) {
                            Path summary = Path.of(System.getProperty("bench.results", "target/bench-results"),
                                    "predictor-nmt-%s-%d-models-run-%d.txt".formatted(build == builds.getFirst() ? "this-build"
                                            : build.name(), level, repeat + 1));
                            Files.createDirectories(summary.getParent());
                            Files.writeString(summary, ProcessMemory.nativeMemorySummary(predictor.jvm().pid())
                                    + "\n" + ProcessMemory.classHistogram(predictor.jvm().pid()).lines().limit(40)
                                    .collect(java.util.stream.Collectors.joining("\n")));
                        }
                    }
                    backends.stopPredictor(predictor);
                }
            }
        }
        report.heading("Predictor memory by models held (%s history, JVM options %s)".formatted(
                "embedded".equals(options.text("history", "elasticsearch")) ? "embedded demo" : shipments + " shipments per customer", jvm));
        report.header("build", "models held", "RSS MiB (settled after full GC)", "peak RSS MiB so far", "live heap MiB (after full GC)",
                "committed heap MiB", "repeats");
        byBuild.forEach((build, byLevel) -> byLevel.forEach((level, runs) -> report.row(build.name(), level,
                Median.of(runs, ProcessMemory::rssMiB), Median.of(runs, ProcessMemory::peakRssMiB),
                Median.of(runs, ProcessMemory::liveHeapMiB), Median.of(runs, ProcessMemory::committedHeapMiB), runs.size())));
        report.save();
        return byBuild.get(builds.getFirst());
    }
}
