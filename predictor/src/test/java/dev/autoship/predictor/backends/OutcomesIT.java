package dev.autoship.predictor.backends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.PredictorServer;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.model.ShipmentPrediction;
import dev.autoship.predictor.outcome.ModelQuality;
import dev.autoship.testing.ElasticsearchNode;
import dev.autoship.testing.RedisNode;
import dev.autoship.testing.ShipmentIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The quality loop on its production backends, a real Elasticsearch 8.19 and a real Redis, with two predictor
 * instances of one cluster: predictions logged to the daily indices, shipments appended to the history that agree
 * or disagree, outcomes counted once in the cluster, a drift refresh exactly once, none while accuracy holds or
 * outcomes are too few, another cluster's log never counted, old daily indices deleted, and an Elasticsearch that
 * hangs (SIGSTOP) costing dropped, counted log entries but never a prediction.
 */
@ExtendWith(RealBackends.class)
class OutcomesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INDEX = "shipments-outcomes";
    private static final String LOG = "predictions-it";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static ElasticsearchNode elasticsearch;
    private static RedisNode redis;
    private static ObjectNode exampleOrder;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<PredictorServer> started = new ArrayList<>();

    @BeforeAll
    static void loadHistory(ElasticsearchNode es, RedisNode sharedRedis) throws IOException {
        elasticsearch = es;
        redis = sharedRedis;
        exampleOrder = (ObjectNode) JSON.readTree(Files.readString(Path.of("..", "examples", "order.json"))).get("order");
        DemoDataSet data = new DemoDataSet(Instant.now());
        try (ShipmentIndex index = new ShipmentIndex(es.url(), INDEX)) {
            for (String customer : DemoDataSet.customerIds()) {
                index.add(ShipmentDocuments.of(data.shipments(customer).stream().map(DemoShipment::shipment).toList()));
            }
        }
    }

    @AfterEach
    void stopPredictors() {
        started.reversed().forEach(PredictorServer::close);
    }

    /** Validation accuracy {@code accuracy} for every model; answers at confidence 0.6 or more are auto-shipped. */
    private static ModelQuality validatedAt(double accuracy) {
        return new ModelQuality() {
            @Override
            public OptionalDouble validationAccuracy(ShipmentModel model) {
                return OptionalDouble.of(accuracy);
            }

            @Override
            public boolean autoShip(ShipmentModel model, ShipmentPrediction prediction) {
                return prediction.confidence() >= 0.6;
            }
        };
    }

    private PredictorServer predictor(String cluster, String redisPrefix, ModelQuality quality, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("AUTOSHIP_SERVER_PORT", "0", "AUTOSHIP_MANAGEMENT_PORT", "0"));
        env.putAll(Map.of(
                "AUTOSHIP_ELASTICSEARCH_URL", elasticsearch.url(),
                "AUTOSHIP_ELASTICSEARCH_INDEX", INDEX,
                "AUTOSHIP_REDIS_URL", redis.url(),
                "AUTOSHIP_REDIS_KEY_PREFIX", redisPrefix,
                "AUTOSHIP_WARM_START_MODELS", "0",
                "AUTOSHIP_SHUTDOWN_GRACE", "PT0S",
                "AUTOSHIP_PREDICTION_LOG_INDEX", LOG,
                "AUTOSHIP_CLUSTER_NAME", cluster,
                "AUTOSHIP_OUTCOME_CHECK_INTERVAL", "PT1S"));
        env.putAll(more);
        PredictorServer server = PredictorServer.create(PredictorSettings.from(env), quality).start();
        started.add(server);
        return server;
    }

    private JsonNode call(String method, String url, String body, int expectedClass) {
        HttpResponse<String> response = send(method, url, body);
        assertThat(response.statusCode() / 100).as(method + " " + url + ": " + response.body()).isEqualTo(expectedClass);
        try {
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(String method, String url, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String url(PredictorServer server, String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** Predicts the example order under each of these order ids for the customer; the answers in order. */
    private List<JsonNode> predict(PredictorServer server, String customer, List<String> orderIds) {
        ObjectNode request = JSON.createObjectNode().put("customerId", customer);
        ArrayNode orders = request.putArray("orders");
        orderIds.forEach(id -> orders.add(exampleOrder.deepCopy().put("orderId", id)));
        List<JsonNode> answers = new ArrayList<>();
        call("POST", url(server, "/v1/predictions/batch"), request.toString(), 2).get("predictions").forEach(answers::add);
        return answers;
    }

    private static List<String> orders(String prefix, int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            ids.add(prefix + "-" + i);
        }
        return ids;
    }

    private static final ObjectNode NEW_SERVICE = JSON.createObjectNode().put("carrier", "Veho").put("service", "Next Day")
            .put("packaging", "poly mailer");

    /** The shipments of these orders arrive in the history: as predicted for the first {@code agreeing}, else otherwise. */
    private void ship(String customer, List<JsonNode> answers, int agreeing) {
        Instant shippedAt = Instant.now().minusSeconds(60);
        List<ObjectNode> documents = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            ObjectNode document = JSON.createObjectNode().put("customerId", customer)
                    .put("orderId", answers.get(i).get("orderId").asText())
                    .put("shippedAt", shippedAt.plusMillis(i).toString());
            document.set("order", exampleOrder.deepCopy().put("orderId", answers.get(i).get("orderId").asText()));
            document.set("shipment", i < agreeing ? answers.get(i).get("shipment") : NEW_SERVICE);
            documents.add(document);
        }
        try (ShipmentIndex index = new ShipmentIndex(elasticsearch.url(), INDEX)) {
            index.add(documents);
        }
    }

    /** Log entries of the cluster for the customer that Elasticsearch can find now; -1 while it cannot search them. */
    private long logged(String cluster, String customer) {
        call("POST", elasticsearch.url() + "/" + LOG + "-2*/_refresh?allow_no_indices=true", null, 2);
        HttpResponse<String> count = send("POST", elasticsearch.url() + "/" + LOG + "-2*/_count?allow_no_indices=true", """
                {"query": {"bool": {"filter": [{"term": {"clusterName": "%s"}}, {"term": {"customerId": "%s"}}]}}}"""
                .formatted(cluster, customer));
        // a daily index the first entries just made answers 503 until its shard is allocated (slow on a busy machine)
        if (count.statusCode() == 503) {
            return -1;
        }
        assertThat(count.statusCode()).as("count: " + count.body()).isEqualTo(200);
        try {
            return JSON.readTree(count.body()).get("count").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode model(PredictorServer server, String customer) {
        return call("GET", url(server, "/v1/models/" + customer), null, 2);
    }

    /** A counter of the predictor's scrape summed over the series whose labels contain {@code labels}. */
    private double metric(PredictorServer server, String name, String labels) {
        String text;
        try {
            text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.managementPort()
                            + "/observe/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return text.lines().filter(line -> line.startsWith(name) && line.contains(labels))
                .filter(line -> line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ')
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** Waits until some instance has joined the customer's shipments again after the check that {@code model} shows. */
    private void awaitAnotherCheck(PredictorServer server, String customer, JsonNode model) {
        String checkedAt = model.at("/outcomes/checkedAt").asText();
        await().atMost(WAIT).until(() -> !model(server, customer).at("/outcomes/checkedAt").asText().equals(checkedAt));
    }

    @Test
    void predictionsAreLoggedAndTheirOutcomesCountedOnceAcrossTwoInstances() {
        PredictorServer one = predictor("it-a", "once", validatedAt(0), Map.of());
        PredictorServer two = predictor("it-a", "once", validatedAt(0), Map.of());
        String customer = "demo-customer-21";
        double matchedBefore = metric(one, "autoship_prediction_outcomes_total", "result=\"matched\"");
        double missedBefore = metric(one, "autoship_prediction_outcomes_total", "result=\"missed\"");

        List<JsonNode> answers = new ArrayList<>(predict(one, customer, orders("once", 0, 10)));
        answers.addAll(predict(two, customer, orders("once", 10, 20)));
        // order once-0 is predicted again on the other instance: its latest prediction is the one that counts
        answers.set(0, predict(two, customer, List.of("once-0")).getFirst());
        await().atMost(WAIT).until(() -> logged("it-a", customer) == 21);
        ship(customer, answers, 14);

        await().atMost(WAIT).untilAsserted(() -> {
            for (PredictorServer instance : List.of(one, two)) {
                JsonNode outcomes = model(instance, customer).get("outcomes");
                assertThat(outcomes.get("predictions").asLong()).isEqualTo(21);
                assertThat(outcomes.get("resolved").asLong()).isEqualTo(20);
                assertThat(outcomes.get("matched").asLong()).isEqualTo(14);
                assertThat(outcomes.get("accuracy").asDouble()).isEqualTo(0.7);
            }
        });
        JsonNode counted = model(one, customer);
        awaitAnotherCheck(two, customer, counted);
        awaitAnotherCheck(one, customer, model(one, customer));

        JsonNode outcomes = model(one, customer).get("outcomes");
        assertThat(outcomes.get("resolved").asLong()).as("still, after more checks of both instances").isEqualTo(20);
        long autoShipped = answers.stream().filter(answer -> answer.get("confidence").asDouble() >= 0.6).count();
        assertThat(outcomes.get("autoShipResolved").asLong()).isEqualTo(autoShipped);
        assertThat(outcomes.at("/last7Days/resolved").asLong()).isEqualTo(20);
        // both instances publish to this JVM's one registry: counted per instance, this would be 28 and 12
        assertThat(metric(one, "autoship_prediction_outcomes_total", "result=\"matched\"") - matchedBefore).isEqualTo(14);
        assertThat(metric(one, "autoship_prediction_outcomes_total", "result=\"missed\"") - missedBefore).isEqualTo(6);
    }

    @Test
    void logEntriesNameTheirClusterModelAndAnswerInDailyIndicesMappedByTheTemplate() {
        PredictorServer predictor = predictor("it-doc", "doc", validatedAt(0), Map.of());
        JsonNode answer = predict(predictor, "demo-customer-22", List.of("doc-1")).getFirst();
        await().atMost(WAIT).until(() -> logged("it-doc", "demo-customer-22") == 1);

        JsonNode hit = call("POST", elasticsearch.url() + "/" + LOG + "-2*/_search", """
                {"query": {"term": {"clusterName": "it-doc"}}}""", 2).at("/hits/hits/0");
        JsonNode document = hit.get("_source");

        Instant now = Instant.now();
        assertThat(hit.get("_index").asText()).isEqualTo(LOG + "-" + java.time.format.DateTimeFormatter.ofPattern("uuuu.MM.dd")
                .withZone(java.time.ZoneOffset.UTC).format(Instant.parse(document.get("predictedAt").asText())));
        assertThat(Instant.parse(document.get("predictedAt").asText())).isBetween(now.minusSeconds(120), now);
        assertThat(document.get("customerId").asText()).isEqualTo("demo-customer-22");
        assertThat(document.get("orderId").asText()).isEqualTo("doc-1");
        assertThat(document.get("shipment")).isEqualTo(answer.get("shipment"));
        assertThat(document.get("confidence").asDouble()).isEqualTo(answer.get("confidence").asDouble());
        assertThat(document.get("autoShip").asBoolean()).isEqualTo(answer.get("confidence").asDouble() >= 0.6);
        assertThat(document.get("modelTrainedAt").asText()).isEqualTo(answer.at("/model/trainedAt").asText());
        JsonNode mapping = call("GET", elasticsearch.url() + "/" + hit.get("_index").asText() + "/_mapping", null, 2);
        assertThat(mapping.findValue("modelTrainedAt").get("type").asText()).isEqualTo("date_nanos");
        assertThat(mapping.findValue("orderId").get("type").asText()).isEqualTo("keyword");
        JsonNode template = call("GET", elasticsearch.url() + "/_index_template/" + LOG + "-daily", null, 2)
                .at("/index_templates/0/index_template");
        assertThat(template.get("index_patterns")).containsExactly(JSON.getNodeFactory().textNode(LOG + "-2*"));
        assertThat(template.get("composed_of")).containsExactly(JSON.getNodeFactory().textNode(LOG + "@custom"));
        // shipments come from the shipping system here: only embedded mode accepts them on the management port
        assertThat(status(predictor.managementPort(), "POST", "/v1/shipments")).isEqualTo(404);
    }

    @Test
    void aClusterSharingTheLogNeverCountsAnotherClustersPredictions() {
        PredictorServer mine = predictor("it-mine", "mine", validatedAt(0), Map.of());
        PredictorServer theirs = predictor("it-theirs", "theirs", validatedAt(0), Map.of());
        String customer = "demo-customer-24";
        List<JsonNode> answers = predict(mine, customer, orders("shared", 0, 5));
        predict(theirs, customer, List.of("theirs-only"));
        await().atMost(WAIT).until(() -> logged("it-mine", customer) == 5);
        // searchable before the shipments arrive, so the check that follows them counts it (the log is written
        // asynchronously: a check before it is searchable would count 0 predictions)
        await().atMost(WAIT).until(() -> logged("it-theirs", customer) == 1);
        ship(customer, answers, 5);

        await().atMost(WAIT).untilAsserted(() -> assertThat(model(mine, customer).at("/outcomes/resolved").asLong()).isEqualTo(5));
        Instant shipped = Instant.now();
        await().atMost(WAIT).until(() -> {
            String checkedAt = model(theirs, customer).at("/outcomes/checkedAt").asText();
            return !checkedAt.isEmpty() && !checkedAt.equals("null") && Instant.parse(checkedAt).isAfter(shipped);
        });

        // (its current model is not the one that predicted them either: look at every generation's)
        assertThat(model(theirs, customer).at("/outcomes/last7Days/resolved").asLong()).isZero();
        assertThat(model(theirs, customer).at("/outcomes/resolved").asLong()).isZero();
        assertThat(model(theirs, customer).at("/outcomes/predictions").asLong()).isEqualTo(1);
    }

    /**
     * The drift test's check interval: 1 s, or {@code -Doutcomes.it.driftCheckInterval=PT10S} to measure how many
     * intervals detecting and refreshing takes (printed).
     */
    private static final Duration DRIFT_CHECK_INTERVAL = Duration.parse(System.getProperty("outcomes.it.driftCheckInterval", "PT1S"));

    @Test
    void aDriftRefreshesTheModelExactlyOnceAndBothInstancesTakeTheNewModel() {
        Map<String, String> drift = Map.of("AUTOSHIP_DRIFT_MIN_OUTCOMES", "10", "AUTOSHIP_DRIFT_TOLERANCE", "0.1",
                "AUTOSHIP_OUTCOME_CHECK_INTERVAL", DRIFT_CHECK_INTERVAL.toString());
        PredictorServer one = predictor("it-drift", "drift", validatedAt(0.95), drift);
        PredictorServer two = predictor("it-drift", "drift", validatedAt(0.95), drift);
        String customer = "demo-customer-23";
        double trainings = metric(one, "autoship_model_trainings_total", "");
        double refreshes = metric(one, "autoship_drift_refreshes_total", "");
        List<JsonNode> answers = new ArrayList<>(predict(one, customer, orders("drift", 0, 6)));
        answers.addAll(predict(two, customer, orders("drift", 6, 12)));
        String original = model(one, customer).get("trainedAt").asText();
        await().atMost(WAIT).until(() -> logged("it-drift", customer) == 12);

        long shipped = System.nanoTime();
        ship(customer, answers, 0);

        Duration wait = WAIT.plus(DRIFT_CHECK_INTERVAL.multipliedBy(4));
        await().atMost(wait).pollInterval(Duration.ofMillis(50)).until(() ->
                !model(one, customer).get("trainedAt").asText().equals(original)
                        || !model(two, customer).get("trainedAt").asText().equals(original));
        long refreshedMillis = (System.nanoTime() - shipped) / 1_000_000;
        await().atMost(wait).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            String refreshed = model(one, customer).get("trainedAt").asText();
            assertThat(refreshed).isNotEqualTo(original);
            assertThat(model(two, customer).get("trainedAt").asText()).isEqualTo(refreshed);
        });
        long bothMillis = (System.nanoTime() - shipped) / 1_000_000;
        System.out.printf("OutcomesIT: after the shipments arrived, the drifted model was refreshed in %d ms (%.2f check "
                        + "intervals of %s) and both instances held the new model after %d ms (%.2f intervals)%n",
                refreshedMillis, refreshedMillis / (double) DRIFT_CHECK_INTERVAL.toMillis(), DRIFT_CHECK_INTERVAL,
                bothMillis, bothMillis / (double) DRIFT_CHECK_INTERVAL.toMillis());
        assertThat(predict(two, customer, List.of("after-drift")).getFirst().at("/model/trainedAt").asText())
                .isEqualTo(model(one, customer).get("trainedAt").asText());
        JsonNode refreshedModel = model(one, customer);
        awaitAnotherCheck(one, customer, refreshedModel);
        awaitAnotherCheck(two, customer, model(two, customer));

        assertThat(metric(one, "autoship_drift_refreshes_total", "") - refreshes).isEqualTo(1);
        assertThat(metric(one, "autoship_model_trainings_total", "") - trainings).as("first training and one refresh").isEqualTo(2);
        assertThat(model(one, customer).get("trainedAt").asText()).isEqualTo(refreshedModel.get("trainedAt").asText());
        assertThat(model(one, customer).at("/outcomes/last7Days/resolved").asLong()).isEqualTo(12);
        assertThat(model(one, customer).at("/outcomes/resolved").asLong()).as("the new model's own").isZero();
    }

    @Test
    void nothingIsRefreshedWhileAccuracyHoldsOrWhileOutcomesAreTooFew() {
        Map<String, String> drift = Map.of("AUTOSHIP_DRIFT_MIN_OUTCOMES", "10");
        PredictorServer one = predictor("it-steady", "steady", validatedAt(0.95), drift);
        PredictorServer two = predictor("it-steady", "steady", validatedAt(0.95), drift);
        double refreshes = metric(one, "autoship_drift_refreshes_total", "");
        List<JsonNode> holding = predict(one, "demo-customer-25", orders("steady", 0, 12));
        List<JsonNode> few = predict(two, "demo-customer-26", orders("few", 0, 9));
        String holdingModel = model(one, "demo-customer-25").get("trainedAt").asText();
        String fewModel = model(two, "demo-customer-26").get("trainedAt").asText();
        await().atMost(WAIT).until(() -> logged("it-steady", "demo-customer-25") == 12 && logged("it-steady", "demo-customer-26") == 9);

        ship("demo-customer-25", holding, 12);
        ship("demo-customer-26", few, 0);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(model(one, "demo-customer-25").at("/outcomes/resolved").asLong()).isEqualTo(12);
            assertThat(model(two, "demo-customer-26").at("/outcomes/resolved").asLong()).isEqualTo(9);
        });
        // the check that counted them decided on drift in the same step; one more check proves it is over
        awaitAnotherCheck(one, "demo-customer-25", model(one, "demo-customer-25"));
        awaitAnotherCheck(two, "demo-customer-26", model(two, "demo-customer-26"));

        assertThat(metric(one, "autoship_drift_refreshes_total", "") - refreshes).isZero();
        assertThat(model(one, "demo-customer-25").get("trainedAt").asText()).isEqualTo(holdingModel);
        assertThat(model(two, "demo-customer-26").get("trainedAt").asText()).isEqualTo(fewModel);
        assertThat(model(two, "demo-customer-26").at("/outcomes/accuracy").asDouble()).isZero();
    }

    @Test
    void dailyIndicesOlderThanTheRetentionAreDeletedAndOtherIndicesKept() {
        call("PUT", elasticsearch.url() + "/" + LOG + "-2020.01.01", null, 2);
        call("PUT", elasticsearch.url() + "/" + LOG + "-eu-2020.01.01", null, 2);

        predictor("it-retention", "retention", validatedAt(0), Map.of("AUTOSHIP_PREDICTION_LOG_RETENTION", "P30D"));

        await().atMost(WAIT).until(() -> status("HEAD", "/" + LOG + "-2020.01.01") == 404);
        assertThat(status("HEAD", "/" + LOG + "-eu-2020.01.01")).isEqualTo(200);
    }

    private int status(String method, String path) {
        return status(URI.create(elasticsearch.url() + path), method);
    }

    private int status(int port, String method, String path) {
        return status(URI.create("http://127.0.0.1:" + port + path), method);
    }

    private int status(URI uri, String method) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aHungElasticsearchCostsDroppedCountedLogEntriesButNoPrediction() {
        // a bulk request in flight waits for the whole pause: only the buffer stands between it and the requests
        PredictorServer predictor = predictor("it-hung", "hung", validatedAt(0),
                Map.of("AUTOSHIP_ELASTICSEARCH_TIMEOUT", "PT120S"));
        String customer = "demo-customer-27";
        predict(predictor, customer, List.of("hung-warm"));
        await().atMost(WAIT).until(() -> logged("it-hung", customer) == 1);
        double dropped = metric(predictor, "autoship_prediction_log_dropped_total", "");
        int batches = 30;
        List<Long> millis = new ArrayList<>();

        elasticsearch.pause();
        try {
            for (int batch = 0; batch < batches; batch++) {
                long started = System.nanoTime();
                assertThat(predict(predictor, customer, orders("hung-" + batch, 0, 1000))).hasSize(1000);
                millis.add((System.nanoTime() - started) / 1_000_000);
            }
            assertThat(metric(predictor, "autoship_prediction_log_dropped_total", "") - dropped)
                    .as("entries beyond the buffer while Elasticsearch hangs").isPositive();
        } finally {
            elasticsearch.unpause();
        }
        System.out.printf("OutcomesIT: %d batches of 1000 predictions while Elasticsearch hung, ms each: %s%n", batches, millis);

        // every entry is written once Elasticsearch answers again, or was dropped and counted
        await().atMost(WAIT).untilAsserted(() -> assertThat(logged("it-hung", customer)
                + (long) (metric(predictor, "autoship_prediction_log_dropped_total", "") - dropped))
                .isEqualTo(1 + batches * 1000L));
    }
}
