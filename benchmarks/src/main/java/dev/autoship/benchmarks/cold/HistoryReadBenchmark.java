package dev.autoship.benchmarks.cold;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.benchmarks.history.GeneratedCustomers;
import dev.autoship.benchmarks.history.ShipmentJson;
import dev.autoship.benchmarks.predictor.PredictorUnderTest;
import dev.autoship.benchmarks.report.Options;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.testing.ShipmentIndex;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The history read of a starting predictor, stage by stage ({@link HistoryReadProbe}), in {@code jvms} fresh JVMs
 * against one real Elasticsearch holding {@code customers} generated customers of {@code shipments} each.
 * Options: shipments=2700 (or several sizes, 110,2700: customers of each size, probed in turn) jvms=3 rehearsals=3
 * reads=6 variants=stages (or typed,tree: alternating JVMs compare the two reads), jfr=PREFIX (a flight recording of
 * each probe JVM); slices=one:k2:k3 (instead of the stage probe: {@link SliceReadProbe} compares those reads in each
 * JVM, after warmUp=20 reads of each, repeats=3 times over the JVM's customers), layout=customer (or time) and
 * items=0 (see {@link #load}). Prints the probes' CSV lines.
 */
public final class HistoryReadBenchmark {

    private final Options options;

    HistoryReadBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new HistoryReadBenchmark(new Options(args)).run().forEach(System.out::println);
    }

    /** The probes' CSV lines, each JVM's after a line {@code # shipments N jvm J exit S} (and its whole log when S is not 0). */
    List<String> run() throws Exception {
        List<Integer> sizes = options.integers("shipments", "2700");
        int jvms = options.integer("jvms", 3);
        int rehearsals = options.integer("rehearsals", 3);
        int reads = options.integer("reads", 6);
        String heap = options.text("heap", "-Xmx512m");
        List<String> variants = List.of(options.text("variants", "stages").split(","));
        String slices = options.text("slices", "");
        List<String> lines = new ArrayList<>();
        try (PredictorUnderTest backends = PredictorUnderTest.backends(false)) {
            int customersPerSize = jvms * (rehearsals + reads);
            for (int s = 0; s < sizes.size(); s++) {
                List<String> customers = load(backends, s * customersPerSize, customersPerSize, sizes.get(s));
                for (int jvm = 0; jvm < jvms; jvm++) {
                    List<String> arguments = new ArrayList<>(List.of(heap));
                    if (!options.text("jfr", "").isEmpty()) {
                        arguments.add("-XX:StartFlightRecording=filename=" + options.text("jfr", "") + "-" + sizes.get(s)
                                + "-" + jvm + ".jfr,settings=profile");
                    }
                    arguments.addAll(List.of("-classpath", System.getProperty("java.class.path")));
                    if (slices.isEmpty()) {
                        arguments.addAll(List.of(HistoryReadProbe.class.getName(), variants.get(jvm % variants.size()),
                                Integer.toString(rehearsals)));
                    } else {
                        arguments.addAll(List.of(SliceReadProbe.class.getName(), slices,
                                Integer.toString(options.integer("warmUp", 20)), Integer.toString(options.integer("repeats", 3))));
                    }
                    arguments.addAll(customers.subList(jvm * (rehearsals + reads), (jvm + 1) * (rehearsals + reads)));
                    probe(backends, arguments, "# shipments " + sizes.get(s) + " jvm " + jvm, lines);
                }
            }
        }
        return lines;
    }

    /**
     * Loads the customers' histories: by default customer after customer with the contract's fields only; with
     * {@code layout=time} all of them in shipping order (as an index fed as orders ship lays them out, each
     * customer's documents spread among the others'), with {@code items=N} each document also carrying what a shop's
     * document would and training does not read (N order items, an address, tracking, a label).
     */
    private List<String> load(PredictorUnderTest backends, int first, int count, int shipments) throws Exception {
        boolean byTime = options.text("layout", "customer").equals("time");
        int items = options.integer("items", 0);
        if (!byTime && items == 0) {
            return backends.loadCustomers(first, count, shipments);
        }
        List<String> ids = IntStream.range(first, first + count).mapToObj(GeneratedCustomers::customerId).toList();
        List<Shipment> all = new ArrayList<>();
        ids.forEach(id -> all.addAll(backends.customers().history(id, shipments)));
        if (byTime) {
            all.sort(Comparator.comparing(Shipment::shippedAt));
        }
        ShipmentJson json = new ShipmentJson(new ObjectMapper());
        List<ObjectNode> documents = all.stream().map(shipment -> withExtras(json.document(shipment), items)).toList();
        try (ShipmentIndex index = new ShipmentIndex(backends.elasticsearch().url(),
                backends.predictorEnvironment().get("AUTOSHIP_ELASTICSEARCH_INDEX"))) {
            for (int from = 0; from < documents.size(); from += 50_000) {
                index.load(documents.subList(from, Math.min(documents.size(), from + 50_000)));
            }
            index.finishLoading();
        }
        return ids;
    }

    private static ObjectNode withExtras(ObjectNode document, int items) {
        if (items == 0) {
            return document;
        }
        int seed = document.path("orderId").asText().hashCode() & 0x7fffffff;
        ObjectNode order = (ObjectNode) document.get("order");
        ArrayNode lines = order.putArray("items");
        for (int i = 0; i < items; i++) {
            lines.addObject().put("sku", "SKU-" + (seed % 97_000 + i)).put("name", "Product " + (seed % 5000 + i)
                    + " in blue, size M, organic cotton").put("quantity", 1 + (seed + i) % 3).put("unitPrice", 4.5 + i)
                    .put("weightOz", 2.25 + i);
        }
        ((ObjectNode) order.get("shipTo")).put("name", "Customer " + seed).put("address1", seed % 900 + " Main Street")
                .put("address2", "Apt " + seed % 50).put("city", "Springfield").put("phone", "+1 555 " + seed % 10_000);
        ((ObjectNode) document.get("shipment")).put("trackingNumber", "1Z" + seed + "X" + seed % 1000)
                .put("labelUrl", "https://labels.example.com/v1/labels/" + seed + ".pdf").put("cost", 7.85);
        document.put("notes", "Leave at the back door if nobody answers");
        return document;
    }

    /** Runs one probe JVM: {@code title} and its exit status, then its CSV lines (its whole log too when it fails). */
    private static void probe(PredictorUnderTest backends, List<String> arguments, String title, List<String> lines)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(arguments);
        Path log = Files.createTempFile("history-read-probe-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(backends.predictorEnvironment());
        int status = builder.start().waitFor();
        lines.add(title + " exit " + status);
        Files.readAllLines(log).stream().filter(l -> l.startsWith("read,") || l.startsWith("rehearsal,")
                || l.startsWith("small-reads,") || l.startsWith("slice,")).forEach(lines::add);
        if (status != 0) {
            lines.add(Files.readString(log));
        }
        Files.delete(log);
    }


}
