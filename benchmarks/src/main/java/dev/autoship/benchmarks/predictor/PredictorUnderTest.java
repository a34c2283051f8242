package dev.autoship.benchmarks.predictor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.benchmarks.history.GeneratedCustomers;
import dev.autoship.benchmarks.history.ShipmentJson;
import dev.autoship.benchmarks.load.PredictorClient;
import dev.autoship.benchmarks.process.Component;
import dev.autoship.predictor.config.EnvironmentVariable;
import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.testing.ChildJvm;
import dev.autoship.testing.ElasticsearchNode;
import dev.autoship.testing.FreePort;
import dev.autoship.testing.RedisNode;
import dev.autoship.testing.ShipmentIndex;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * The real predictor in its own JVM, either in embedded mode (its bundled demo histories: only a few
 * dozen customers) or over a real Elasticsearch holding generated histories for as many customers as
 * asked, optionally with a real Redis.
 */
public final class PredictorUnderTest implements AutoCloseable {
    public static final String MAIN_CLASS = "dev.autoship.predictor.Main";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final String INDEX = "shipments";
    private static final ShipmentJson DOCUMENTS = new ShipmentJson(new ObjectMapper());

    private final ElasticsearchNode elasticsearch;
    private final RedisNode redis;
    private final List<ChildJvm> predictors = new ArrayList<>();
    private final GeneratedCustomers customers = new GeneratedCustomers(Instant.now());
    private final Map<String, Integer> loaded = new HashMap<>();

    private PredictorUnderTest(ElasticsearchNode elasticsearch, RedisNode redis) {
        this.elasticsearch = elasticsearch;
        this.redis = redis;
    }

    /** No backends: predictors started from this use their embedded demo history and memory cache only. */
    public static PredictorUnderTest embedded() {
        return new PredictorUnderTest(null, null);
    }

    /** {@code history} is {@code embedded} (the predictor's demo history) or {@code elasticsearch}. */
    public static PredictorUnderTest of(String history, boolean withRedis) throws IOException, InterruptedException {
        return switch (history) {
            case "embedded" -> embedded();
            case "elasticsearch" -> backends(withRedis);
            default -> throw new IllegalArgumentException("history must be embedded or elasticsearch, got " + history);
        };
    }

    /**
     * Up to {@code count} customers with enough history to train: in embedded mode the demo customers
     * (a few dozen at most), else {@code count} generated customers of {@code shipmentsEach} loaded into Elasticsearch.
     */
    public List<String> customers(int count, int shipmentsEach) throws IOException, InterruptedException {
        if (elasticsearch != null) {
            return loadCustomers(0, count, shipmentsEach);
        }
        int minimum = Integer.parseInt(EnvironmentVariable.AUTOSHIP_MIN_EXAMPLES.defaultValue());
        return DemoDataSet.customerIds().stream()
                .filter(id -> customers.embeddedHistorySize(id) >= minimum)
                .limit(count)
                .toList();
    }

    /** Starts Elasticsearch (and Redis when asked); load histories, then start predictors. */
    public static PredictorUnderTest backends(boolean withRedis) throws IOException, InterruptedException {
        ElasticsearchNode elasticsearch = ElasticsearchNode.start(System.getProperty("bench.elasticsearch.heap", "512m"));
        try {
            new ShipmentIndex(elasticsearch.url(), INDEX).close();
            return new PredictorUnderTest(elasticsearch, withRedis ? RedisNode.start() : null);
        } catch (RuntimeException e) {
            elasticsearch.close();
            throw e;
        }
    }

    public GeneratedCustomers customers() {
        return customers;
    }

    /** The Elasticsearch the predictors read (to hang or stop it while they serve); none in embedded mode. */
    public ElasticsearchNode elasticsearch() {
        if (elasticsearch == null) {
            throw new IllegalStateException("embedded mode has no Elasticsearch");
        }
        return elasticsearch;
    }

    /** Requests with fresh orders for the customers loaded here or, in embedded mode, the demo customers. */
    public PredictionRequests requests() {
        return new PredictionRequests(customers, id -> elasticsearch == null
                ? customers.embeddedHistorySize(id)
                : loaded.getOrDefault(id, 0));
    }

    /** Loads {@code shipmentsEach} shipments for each customer and returns their ids. */
    public List<String> loadCustomers(int firstIndex, int count, int shipmentsEach) throws IOException, InterruptedException {
        if (elasticsearch == null) {
            throw new IllegalStateException("embedded mode has no Elasticsearch to load customers into");
        }
        List<String> ids = IntStream.range(firstIndex, firstIndex + count).mapToObj(GeneratedCustomers::customerId).toList();
        try (ShipmentIndex index = new ShipmentIndex(elasticsearch.url(), INDEX)) {
            List<Shipment> batch = new ArrayList<>();
            for (String id : ids) {
                batch.addAll(customers.history(id, shipmentsEach));
                loaded.put(id, shipmentsEach);
                if (batch.size() >= 50_000) {
                    index.load(documents(batch));
                    batch.clear();
                }
            }
            index.load(documents(batch));
            index.finishLoading();
        }
        return ids;
    }

    private static List<ObjectNode> documents(List<Shipment> shipments) {
        return shipments.stream().map(DOCUMENTS::document).toList();
    }

    /** The environment every predictor started here gets (its port aside): the backends' URLs and the window. */
    public Map<String, String> predictorEnvironment() {
        Map<String, String> environment = new HashMap<>();
        if (elasticsearch != null) {
            environment.put("AUTOSHIP_ELASTICSEARCH_URL", elasticsearch.url());
            environment.put("AUTOSHIP_ELASTICSEARCH_INDEX", INDEX);
            environment.put("AUTOSHIP_HISTORY_WINDOW", "P" + GeneratedCustomers.historyWindowDays() + "D");
        }
        if (redis != null) {
            environment.put("AUTOSHIP_REDIS_URL", redis.url());
        }
        return environment;
    }

    /** Starts one more predictor JVM of this build, sharing the same backends, and waits until it is ready. */
    public Predictor startPredictor(List<String> jvmOptions, Map<String, String> extraEnvironment) throws IOException, InterruptedException {
        return startPredictor(PredictorBuild.current(), jvmOptions, extraEnvironment);
    }

    /**
     * Starts one more predictor JVM of the given build (this one, or an earlier one to compare against), sharing the
     * same backends, and waits until it is ready.
     */
    public Predictor startPredictor(PredictorBuild build, List<String> jvmOptions, Map<String, String> extraEnvironment)
            throws IOException, InterruptedException {
        int port = FreePort.find();
        int managementPort = build.managementPort() ? FreePort.find() : port;
        Map<String, String> environment = predictorEnvironment();
        environment.put("AUTOSHIP_SERVER_PORT", Integer.toString(port));
        if (build.managementPort()) {
            environment.put("AUTOSHIP_MANAGEMENT_PORT", Integer.toString(managementPort));
        }
        environment.putAll(extraEnvironment);
        Path log = Files.createTempFile("bench-predictor-" + port + "-", ".log");
        ChildJvm jvm = ChildJvm.start(build.classpath(), MAIN_CLASS, jvmOptions, environment, log);
        predictors.add(jvm);
        Predictor predictor = new Predictor(jvm, URI.create("http://127.0.0.1:" + port),
                URI.create("http://127.0.0.1:" + managementPort));
        jvm.awaitOk(predictor.managementUrl().resolve("/observe/health/ready"), READY_TIMEOUT);
        return predictor;
    }

    /** Stops one predictor (SIGTERM, as Kubernetes would) before the others. */
    public void stopPredictor(Predictor predictor) {
        predictor.jvm().close();
        predictors.remove(predictor.jvm());
    }

    @Override
    public void close() throws IOException {
        predictors.forEach(ChildJvm::close);
        try {
            if (redis != null) {
                redis.close();
            }
        } finally {
            if (elasticsearch != null) {
                elasticsearch.close();
            }
        }
    }

    /** Customers whose model is now held, and the others with the reason. */
    public record Warmed(List<String> ready, List<String> failures) {

        /** This, when every customer's model is held; else an exception naming how many failed and the first reason. */
        public Warmed orFail() {
            if (!failures.isEmpty()) {
                throw new IllegalStateException(failures.size() + " customers could not be warmed, e.g. " + failures.getFirst());
            }
            return this;
        }
    }

    /** One running predictor process: its public port and its management port (health, metrics, admin). */
    public record Predictor(ChildJvm jvm, URI url, URI managementUrl) {

        public PredictorClient client(int connections) {
            return new PredictorClient(url, connections, Duration.ofSeconds(30));
        }

        public PredictorClient management() {
            return new PredictorClient(managementUrl, 1, Duration.ofSeconds(30));
        }

        /** A counter of the predictor's Prometheus scrape, summed over its series (0 when it has none). */
        public double counter(String name) {
            return management().get("/observe/metrics").body().lines()
                    .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        }

        /**
         * One prediction per customer, {@code parallelism} at a time, so every model is trained and
         * held; says which customers answered 200 and why the others did not.
         */
        public Warmed warm(List<String> customers, List<byte[]> oneRequestPerCustomer, int parallelism)
                throws InterruptedException {
            PredictorClient client = client(parallelism);
            List<String> ready = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(parallelism)) {
                List<Future<PredictorClient.Response>> answers = oneRequestPerCustomer.stream()
                        .map(body -> pool.submit(() -> client.post("/v1/predictions", body)))
                        .toList();
                for (int i = 0; i < answers.size(); i++) {
                    try {
                        PredictorClient.Response response = answers.get(i).get();
                        if (response.ok()) {
                            ready.add(customers.get(i));
                        } else {
                            failures.add(customers.get(i) + ": " + response.status() + " " + response.body());
                        }
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add(customers.get(i) + ": " + e.getCause());
                    }
                }
            }
            return new Warmed(ready, failures);
        }
    }
}
