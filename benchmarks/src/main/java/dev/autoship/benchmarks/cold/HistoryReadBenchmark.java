package dev.autoship.benchmarks.cold;

import dev.autoship.benchmarks.predictor.PredictorUnderTest;
import dev.autoship.benchmarks.report.Options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The history read of a starting predictor, stage by stage ({@link HistoryReadProbe}), in {@code jvms} fresh JVMs
 * against one real Elasticsearch holding {@code customers} generated customers of {@code shipments} each.
 * Options: shipments=2700 jvms=3 rehearsals=3 reads=6 variants=stages (or typed,tree: alternating JVMs compare the
 * two reads), jfr=PREFIX (a flight recording of each probe JVM). Prints the probes' CSV lines.
 */
public final class HistoryReadBenchmark {

    private final Options options;

    HistoryReadBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new HistoryReadBenchmark(new Options(args)).run().forEach(System.out::println);
    }

    /** The probes' CSV lines, each JVM's after a line {@code # jvm N exit S} (and its whole log when S is not 0). */
    List<String> run() throws Exception {
        int shipments = options.integer("shipments", 2700);
        int jvms = options.integer("jvms", 3);
        int rehearsals = options.integer("rehearsals", 3);
        int reads = options.integer("reads", 6);
        String heap = options.text("heap", "-Xmx512m");
        List<String> variants = List.of(options.text("variants", "stages").split(","));
        List<String> lines = new ArrayList<>();
        try (PredictorUnderTest backends = PredictorUnderTest.backends(false)) {
            List<String> customers = backends.loadCustomers(0, jvms * (rehearsals + reads), shipments);
            for (int jvm = 0; jvm < jvms; jvm++) {
                List<String> arguments = new ArrayList<>(List.of(heap));
                if (!options.text("jfr", "").isEmpty()) {
                    arguments.add("-XX:StartFlightRecording=filename=" + options.text("jfr", "") + "-" + jvm
                            + ".jfr,settings=profile");
                }
                arguments.addAll(List.of("-classpath", System.getProperty("java.class.path"),
                        HistoryReadProbe.class.getName(), variants.get(jvm % variants.size()), Integer.toString(rehearsals)));
                arguments.addAll(customers.subList(jvm * (rehearsals + reads), (jvm + 1) * (rehearsals + reads)));
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                command.addAll(arguments);
                Path log = Files.createTempFile("history-read-probe-", ".log");
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().clear();
                builder.environment().putAll(backends.predictorEnvironment());
                int status = builder.start().waitFor();
                lines.add("# jvm " + jvm + " exit " + status);
                Files.readAllLines(log).stream().filter(l -> l.startsWith("read,") || l.startsWith("rehearsal,") || l.startsWith("small-reads,"))
                        .forEach(lines::add);
                if (status != 0) {
                    lines.add(Files.readString(log));
                }
            }
        }
        return lines;
    }


}
