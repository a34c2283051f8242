package dev.autoship.benchmarks.restart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.benchmarks.load.PredictorClient;
import dev.autoship.benchmarks.predictor.PredictionRequests;
import dev.autoship.benchmarks.predictor.PredictorUnderTest;
import dev.autoship.benchmarks.report.Median;
import dev.autoship.benchmarks.report.Options;
import dev.autoship.benchmarks.report.Report;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The first predictions after a restart, one request at a time as a quiet main application would send them: a
 * freshly started predictor with an empty Redis asked for {@code large} customers of {@code largeShipments} and then
 * {@code small} ones of {@code smallShipments} (each trained on its first request); then the predictor is restarted
 * with those models in Redis and asked for the same customers again, then once more (the "later" figure). Every
 * repeat uses customers of its own, so Redis never holds them before the first phase. Client-measured, end to end.
 * Options (with {@code scenario=first}): large=5 largeShipments=2700 small=5 smallShipments=110 repeats=3 clientWarmUp=3000 (requests through the client code to a stand-in server first; 0 = none).
 */
final class FirstPredictionsAfterRestart {
    private final Options options;
    private final Report report = new Report("first-predictions-after-restart");
    private final ObjectMapper json = new ObjectMapper();

    FirstPredictionsAfterRestart(Options options) {
        this.options = options;
    }

    /** Milliseconds per request in asking order, and the model source each answer named. */
    record Answers(List<Double> millis, List<String> sources) {
        double first() {
            return millis.getFirst();
        }

        double medianOfNext() {
            return Median.of(millis.subList(1, millis.size()), Double::doubleValue);
        }
    }

    /** One restart: empty Redis (trained), then with the models in Redis, then the same requests later. */
    record Repeat(Answers largeTrained, Answers smallTrained, Answers largeAfterWarmStart, Answers smallAfterWarmStart,
                  Answers largeLater, Answers smallLater) {
    }

    List<Repeat> run() throws Exception {
        int large = options.integer("large", 5);
        int largeShipments = options.integer("largeShipments", 2700);
        int small = options.integer("small", 5);
        int smallShipments = options.integer("smallShipments", 110);
        int repeats = options.integer("repeats", 3);
        List<String> jvm = java.util.Arrays.asList(options.text("predictorJvm", "-Xmx512m").trim().split("\\s+"));
        List<Repeat> results = new ArrayList<>();
        warmTheClient(options.integer("clientWarmUp", 3000));
        try (PredictorUnderTest backends = PredictorUnderTest.backends(true)) {
            for (int repeat = 0; repeat < repeats; repeat++) {
                int first = repeat * (large + small);
                List<String> largeIds = backends.loadCustomers(first, large, largeShipments);
                List<String> smallIds = backends.loadCustomers(first + large, small, smallShipments);
                PredictionRequests requests = backends.requests();
                List<byte[]> largeBodies = requests.single(largeIds, 1);
                List<byte[]> smallBodies = requests.single(smallIds, 1);
                PredictorUnderTest.Predictor cold = backends.startPredictor(jvm, Map.of());
                Answers largeTrained = ask(cold.client(1), largeBodies);
                Answers smallTrained = ask(cold.client(1), smallBodies);
                backends.stopPredictor(cold);
                PredictorUnderTest.Predictor warm = backends.startPredictor(jvm, Map.of());
                Repeat result = new Repeat(largeTrained, smallTrained, ask(warm.client(1), largeBodies),
                        ask(warm.client(1), smallBodies), ask(warm.client(1), largeBodies), ask(warm.client(1), smallBodies));
                backends.stopPredictor(warm);
                results.add(result);
            }
        }
        table(results, largeShipments, smallShipments);
        report.save();
        return results;
    }

    /**
     * Runs this JVM's side of {@link #ask} (a new client, requests, reading the answers) {@code requests} times against
     * a stand-in server in this JVM answering a prediction-shaped JSON, before anything is measured: a main
     * application's client is warm, and a cold benchmark client would charge its own first requests (several ms
     * each here) to the predictor's first minute.
     */
    private void warmTheClient(int requests) throws IOException {
        if (requests <= 0) {
            return;
        }
        byte[] answer = """
                {"customerId":"warm-up","orderId":"o-1","shipment":{"carrier":"UPS","service":"Ground","packaging":"box"},\
                "confidence":0.9,"autoShip":false,"alternatives":[{"shipment":{"carrier":"USPS","service":"Priority Mail",\
                "packaging":"package"},"confidence":0.1}],"model":{"trainedAt":"2026-01-01T00:00:00Z","examples":100,\
                "source":"memory"}}""".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        io.helidon.webserver.WebServer standIn = io.helidon.webserver.WebServer.builder().port(0)
                .routing(routing -> routing.post("/v1/predictions", (req, res) -> {
                    req.content().consume();
                    res.header(io.helidon.http.HeaderValues.CONTENT_TYPE_JSON).send(answer);
                }))
                .build().start();
        try {
            byte[] body = "{\"customerId\": \"warm-up\", \"order\": {\"orderId\": \"o-1\"}}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.net.URI standInUrl = java.net.URI.create("http://127.0.0.1:" + standIn.port());
            for (int sent = 0; sent < requests; sent += 50) {
                ask(new PredictorClient(standInUrl, 1, java.time.Duration.ofSeconds(30)), java.util.Collections.nCopies(50, body));
            }
        } finally {
            standIn.stop();
        }
    }

    /** One request at a time on {@code client}, new for each call (its first request opens the connection, as after a restart). */
    private Answers ask(PredictorClient client, List<byte[]> bodies) throws IOException {
        List<Double> millis = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (byte[] body : bodies) {
            long started = System.nanoTime();
            PredictorClient.Response response = client.exchange("/v1/predictions", body);
            millis.add((System.nanoTime() - started) / 1e6);
            if (!response.ok()) {
                throw new IllegalStateException("a first prediction failed: " + response.status() + " " + response.body());
            }
            JsonNode answer = json.readTree(response.body());
            sources.add(answer.path("model").path("source").asText());
        }
        return new Answers(millis, sources);
    }

    private void table(List<Repeat> results, int largeShipments, int smallShipments) {
        report.heading("First predictions after a restart (medians over %d restarts; ms)".formatted(results.size()));
        report.header("phase", largeShipments + " shipments: first", largeShipments + " shipments: median of the next",
                smallShipments + " shipments: first", smallShipments + " shipments: median of the next", "model sources");
        row("fresh predictor, empty Redis (trained)", results, Repeat::largeTrained, Repeat::smallTrained);
        row("restarted, models in Redis (warm start)", results, Repeat::largeAfterWarmStart, Repeat::smallAfterWarmStart);
        row("same requests again (later)", results, Repeat::largeLater, Repeat::smallLater);
    }

    private void row(String phase, List<Repeat> results, Function<Repeat, Answers> large,
                     Function<Repeat, Answers> small) {
        report.row(phase, Median.of(results, r -> large.apply(r).first()), Median.of(results, r -> large.apply(r).medianOfNext()),
                Median.of(results, r -> small.apply(r).first()), Median.of(results, r -> small.apply(r).medianOfNext()),
                results.stream().flatMap(r -> Stream.concat(large.apply(r).sources().stream(),
                        small.apply(r).sources().stream())).distinct().toList());
    }
}
