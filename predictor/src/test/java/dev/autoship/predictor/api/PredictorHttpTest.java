package dev.autoship.predictor.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.PredictorServer;
import dev.autoship.predictor.config.PredictorSettings;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.Socket;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every endpoint and error code of the predictor, over a real socket, in embedded (demo history) mode. */
@ServerTest
class PredictorHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BYTES = 20_000;
    private static PredictorServer predictor;

    private final Http1Client client;
    private final Http1Client management;

    private final URI publicPort;

    PredictorHttpTest(Http1Client client, @Socket(PredictorServer.MANAGEMENT_SOCKET) Http1Client management,
                      URI publicPort) {
        this.client = client;
        this.management = management;
        this.publicPort = publicPort;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder builder) {
        predictor = PredictorServer.create(PredictorSettings.from(Map.of(
                "AUTOSHIP_SERVER_PORT", "0", "AUTOSHIP_MANAGEMENT_PORT", "0",
                "AUTOSHIP_MAX_BATCH_ORDERS", "5",
                "AUTOSHIP_MAX_REQUEST_BYTES", Integer.toString(MAX_BYTES))));
        predictor.configure(builder);
    }

    @AfterAll
    static void close() {
        predictor.close();
    }

    record Answer(Status status, JsonNode body, String retryAfter) {
    }

    private Answer post(String path, String body) {
        try (Http1ClientResponse response = client.post(path)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body)) {
            return answer(response);
        }
    }

    private static Answer answer(Http1ClientResponse response) {
        String text = response.as(String.class);
        try {
            return new Answer(response.status(), text.isEmpty() ? null : JSON.readTree(text),
                    response.headers().first(HeaderNames.RETRY_AFTER).orElse(null));
        } catch (Exception e) {
            throw new AssertionError("answer is not JSON: " + text, e);
        }
    }

    private static String example(String name) throws Exception {
        return Files.readString(Path.of("..", "examples", name));
    }

    private static String exampleWith(String field, String jsonValue) throws Exception {
        ObjectNode request = (ObjectNode) JSON.readTree(example("order.json"));
        ObjectNode target = request;
        String[] parts = field.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            target = (ObjectNode) target.get(parts[i]);
        }
        if (jsonValue == null) {
            target.remove(parts[parts.length - 1]);
        } else {
            target.set(parts[parts.length - 1], JSON.readTree(jsonValue));
        }
        return JSON.writeValueAsString(request);
    }

    @Test
    void exampleOrderGetsAPredictionThatLaterComesFromMemory() throws Exception {
        management.delete("/v1/models/demo-customer-01").request().close();

        Answer first = post("/v1/predictions", example("order.json"));
        Answer second = post("/v1/predictions", example("order.json"));

        assertThat(first.status()).isEqualTo(Status.OK_200);
        JsonNode body = first.body();
        assertThat(body.get("customerId").asText()).isEqualTo("demo-customer-01");
        assertThat(body.get("orderId").asText()).isEqualTo("A-10001");
        assertThat(body.at("/shipment/carrier").asText()).isNotBlank();
        assertThat(body.at("/shipment/service").asText()).isNotBlank();
        assertThat(body.at("/shipment/packaging").asText()).isNotBlank();
        assertThat(body.get("confidence").asDouble()).isBetween(0.0, 1.0);
        assertThat(body.get("autoShip").isBoolean()).isTrue();
        assertThat(body.get("alternatives").isArray()).isTrue();
        assertThat(body.at("/model/examples").asInt()).isGreaterThanOrEqualTo(20);
        assertThat(body.at("/model/source").asText()).isEqualTo("trained");
        assertThat(second.body().at("/model/source").asText()).isEqualTo("memory");
        assertThat(second.body().at("/model/trainedAt")).isEqualTo(body.at("/model/trainedAt"));
    }

    @Test
    void batchAnswersEveryOrderInRequestOrder() throws Exception {
        Answer answer = post("/v1/predictions/batch", example("orders-batch.json"));

        assertThat(answer.status()).isEqualTo(Status.OK_200);
        assertThat(answer.body().get("predictions")).extracting(p -> p.get("orderId").asText())
                .containsExactly("A-10001", "A-10002", "A-10003");
        assertThat(answer.body().get("predictions")).allSatisfy(p -> assertThat(p.get("autoShip").isBoolean()).isTrue());
    }

    @Test
    void modelMetadataAndDeletion() throws Exception {
        post("/v1/predictions", example("order.json").replace("demo-customer-01", "demo-customer-02"));

        Answer metadata;
        try (Http1ClientResponse response = client.get("/v1/models/demo-customer-02").request()) {
            metadata = answer(response);
        }
        assertThat(metadata.status()).isEqualTo(Status.OK_200);
        assertThat(metadata.body().get("customerId").asText()).isEqualTo("demo-customer-02");
        assertThat(metadata.body().get("examples").asInt()).isPositive();
        assertThat(metadata.body().get("shipments").size()).isPositive();
        assertThat(metadata.body().get("expiresAt").asText()).isNotBlank();
        assertThat(metadata.body().get("formatVersion").asText()).isEqualTo("m4");
        // every demo shipment has a weight: an order without one is taken at the history's median
        assertThat(metadata.body().at("/valuesWhenAbsent/weightOz").asDouble()).isPositive();
        assertThat(metadata.body().get("valuesWhenAbsent").has("store=web")).isFalse();
        // and one without a country is taken as domestic: the demo customers ship mostly within the US
        assertThat(metadata.body().at("/categoriesWhenAbsent/shipTo.country").asText()).isEqualTo("US");
        assertThat(metadata.body().get("categoriesWhenAbsent").has("shipTo.state")).isFalse();
        assertThat(metadata.body().at("/validation/method").asText()).isEqualTo("time-split");
        assertThat(metadata.body().at("/validation/examples").asInt()).isGreaterThanOrEqualTo(30);
        assertThat(metadata.body().at("/validation/autoShipPrecisionTarget").asDouble()).isEqualTo(0.95);
        assertThat(metadata.body().get("validation").has("autoShipThreshold")).isTrue();
        assertThat(metadata.body().at("/provenance/dataSource/customerId").asText()).isEqualTo("demo-customer-02");

        try (Http1ClientResponse response = management.delete("/v1/models/demo-customer-02").request()) {
            assertThat(response.status()).isEqualTo(Status.NO_CONTENT_204);
        }
        try (Http1ClientResponse response = client.get("/v1/models/demo-customer-02").request()) {
            Answer gone = answer(response);
            assertThat(gone.status()).isEqualTo(Status.NOT_FOUND_404);
            assertThat(gone.body().get("error").asText()).isEqualTo("model_not_found");
        }
        assertThat(post("/v1/predictions", example("order.json").replace("demo-customer-01", "demo-customer-02"))
                .body().at("/model/source").asText()).isEqualTo("trained");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', nullValues = "ABSENT", value = {
            "customerId|ABSENT|customerId is required",
            "customerId|42|customerId must be a string",
            "customerId|'   '|customerId is required",
            "order|ABSENT|order is required",
            "order|[]|order must be a JSON object",
            "order.orderId|ABSENT|order.orderId is required",
            "order.orderId|'\"  \"'|order.orderId is required",
            "order.orderId|null|order.orderId is required",
            "order.weightOz|-1|order.weightOz must be a finite number >= 0",
            "order.weightOz|'\"12\"'|order.weightOz must be a finite number >= 0",
            "order.weightOz|1e400|order.weightOz must be a finite number >= 0",
            "order.lengthIn|-0.5|order.lengthIn must be a finite number >= 0",
            "order.orderTotal|true|order.orderTotal must be a finite number >= 0",
            "order.itemCount|-1|order.itemCount must be a whole number >= 0",
            "order.itemCount|1.5|order.itemCount must be a whole number >= 0",
            "order.itemCount|'\"2\"'|order.itemCount must be a whole number >= 0",
            "order.store|7|order.store must be a string",
            "order.shipTo|'\"US\"'|order.shipTo must be a JSON object",
            "order.shipTo.country|12|order.shipTo.country must be a string",
            "order.shipTo.state|false|order.shipTo.state must be a string",
            "order.shipTo.residential|'\"yes\"'|order.shipTo.residential must be true or false"})
    void invalidFieldsAreNamedInA400(String field, String value, String message) throws Exception {
        Answer answer = post("/v1/predictions", exampleWith(field, value));

        assertThat(answer.status()).isEqualTo(Status.BAD_REQUEST_400);
        assertThat(answer.body().get("error").asText()).isEqualTo("invalid_request");
        assertThat(answer.body().get("message").asText()).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', nullValues = "ABSENT", value = {
            "order.shipTo.state|ABSENT", "order.shipTo.state|null", "order.shipTo.state|'\"\"'",
            "order.shipTo.postalCode|'\"   \"'", "order.shipTo.country|ABSENT", "order.shipTo.residential|null",
            "order.shipTo|ABSENT", "order.shipTo|null", "order.weightOz|ABSENT", "order.weightOz|null",
            "order.orderTotal|null", "order.itemCount|ABSENT", "order.itemCount|0", "order.itemCount|2.0",
            "order.store|'\"\"'", "order.requestedService|null", "order.lengthIn|null"})
    void missingNullOrBlankOptionalFieldsAreAbsentNotErrors(String field, String value) throws Exception {
        Answer answer = post("/v1/predictions", exampleWith(field, value));

        assertThat(answer.status()).isEqualTo(Status.OK_200);
        assertThat(answer.body().get("orderId").asText()).isEqualTo("A-10001");
    }

    @Test
    void internationalAndOrderIdOnlyOrdersArePredicted() throws Exception {
        String international = """
                {"customerId": "demo-customer-03", "order": {"orderId": "INT-1", "weightOz": 20, "orderTotal": 80,
                 "itemCount": 1, "shipTo": {"country": "DE", "state": "", "postalCode": "10115", "residential": null}}}""";
        String idOnly = """
                {"customerId": "demo-customer-03", "order": {"orderId": "ID-ONLY"}}""";
        String batch = """
                {"customerId": "demo-customer-03", "orders": [{"orderId": "B-1"}, {"orderId": "B-2", "store": " ",
                 "shipTo": {"country": "CA", "state": null}}]}""";

        assertThat(post("/v1/predictions", international).body().get("orderId").asText()).isEqualTo("INT-1");
        Answer onlyId = post("/v1/predictions", idOnly);
        assertThat(onlyId.status()).isEqualTo(Status.OK_200);
        assertThat(onlyId.body().at("/shipment/carrier").asText()).isNotBlank();
        assertThat(post("/v1/predictions/batch", batch).body().get("predictions"))
                .extracting(p -> p.get("orderId").asText()).containsExactly("B-1", "B-2");
    }

    @Test
    void malformedOrNonObjectBodiesAre400() {
        for (String body : List.of("{\"customerId\": ", "not json", "[1,2]", "", "{} {}")) {
            Answer answer = post("/v1/predictions", body);
            assertThat(answer.status()).as(body).isEqualTo(Status.BAD_REQUEST_400);
            assertThat(answer.body().get("error").asText()).isEqualTo("invalid_request");
            assertThat(answer.body().get("message").asText()).startsWith("request body");
        }
    }

    @Test
    void batchErrorsNameTheOrderAndTheLimit() throws Exception {
        String batch = example("orders-batch.json");
        Answer badOrder = post("/v1/predictions/batch", batch.replace("\"weightOz\": 96.0", "\"weightOz\": -96.0"));
        assertThat(badOrder.body().get("message").asText()).isEqualTo("orders[1].weightOz must be a finite number >= 0");

        ObjectNode tooMany = (ObjectNode) JSON.readTree(batch);
        JsonNode order = tooMany.get("orders").get(0);
        tooMany.putArray("orders").add(order).add(order).add(order).add(order).add(order).add(order);
        Answer answer = post("/v1/predictions/batch", JSON.writeValueAsString(tooMany));
        assertThat(answer.status()).isEqualTo(Status.BAD_REQUEST_400);
        assertThat(answer.body().get("message").asText()).isEqualTo("orders must contain at most 5 orders, got 6");

        tooMany.putArray("orders");
        assertThat(post("/v1/predictions/batch", JSON.writeValueAsString(tooMany)).body().get("message").asText())
                .isEqualTo("orders must contain at least 1 order");
    }

    @Test
    void unknownEndpointsGetAJson404AndWrongMethodsA405() {
        try (Http1ClientResponse response = client.get("/v1/prediction").request()) {
            Answer answer = answer(response);
            assertThat(answer.status()).isEqualTo(Status.NOT_FOUND_404);
            assertThat(answer.body().get("error").asText()).isEqualTo("not_found");
            assertThat(answer.body().get("message").asText()).startsWith("no endpoint GET /v1/prediction;");
        }
        try (Http1ClientResponse response = client.get("/v1/predictions").request()) {
            Answer answer = answer(response);
            assertThat(answer.status()).isEqualTo(Status.METHOD_NOT_ALLOWED_405);
            assertThat(answer.body().get("error").asText()).isEqualTo("method_not_allowed");
            assertThat(response.headers().first(HeaderNames.ALLOW)).contains("POST");
        }
    }

    @Test
    void oversizedBodiesGet413AsJson() throws Exception {
        String padding = " ".repeat(MAX_BYTES);
        Answer answer = post("/v1/predictions", example("order.json") + padding);

        assertThat(answer.status()).isEqualTo(Status.REQUEST_ENTITY_TOO_LARGE_413);
        assertThat(answer.body().get("error").asText()).isEqualTo("payload_too_large");

        // without Content-Length (chunked) the limit applies while reading
        byte[] oversized = (example("order.json") + padding).getBytes();
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + client.prototype().baseUri().orElseThrow().port() + "/v1/predictions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(oversized)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(chunked.body()).get("error").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void customersWithoutEnoughHistoryGet422SayingHowMany() throws Exception {
        Answer unknown = post("/v1/predictions", example("order.json").replace("demo-customer-01", "nobody-at-all"));
        Answer small = post("/v1/predictions", example("order.json").replace("demo-customer-01", "demo-customer-31"));

        assertThat(unknown.status().code()).isEqualTo(422);
        assertThat(unknown.body().get("error").asText()).isEqualTo("insufficient_history");
        assertThat(unknown.body().get("message").asText()).contains("has 0 shipments").contains("at least 20");
        assertThat(small.status().code()).isEqualTo(422);
        assertThat(small.body().get("message").asText()).containsPattern("has (1?[0-9]) shipments in the history window");
    }

    @Test
    void fiftyParallelFirstRequestsTrainOnce() throws Exception {
        String request = example("order.json").replace("demo-customer-01", "demo-customer-20");
        double before = trainings();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Answer>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return post("/v1/predictions", request);
                }));
            }
            start.countDown();
            for (Future<Answer> answer : answers) {
                assertThat(answer.get().status()).isEqualTo(Status.OK_200);
            }
        }
        assertThat(trainings() - before).isEqualTo(1.0);
    }

    @Test
    void healthMetricsAndModelDeletionAreServedOnTheManagementPortOnly() throws Exception {
        try (Http1ClientResponse health = client.get("/observe/health/ready").request();
             Http1ClientResponse metrics = client.get("/observe/metrics").request();
             Http1ClientResponse delete = client.delete("/v1/models/demo-customer-01").request()) {
            assertThat(health.status()).isEqualTo(Status.NOT_FOUND_404);
            assertThat(metrics.status()).isEqualTo(Status.NOT_FOUND_404);
            assertThat(delete.status()).isEqualTo(Status.METHOD_NOT_ALLOWED_405);
        }
        try (Http1ClientResponse predictions = management.post("/v1/predictions").submit(example("order.json"))) {
            assertThat(predictions.status()).isEqualTo(Status.NOT_FOUND_404);
        }
    }

    @Test
    void healthAndMetricsAreServedOnTheManagementPort() throws Exception {
        post("/v1/predictions", example("order.json"));
        try (Http1ClientResponse live = management.get("/observe/health/live").request();
             Http1ClientResponse ready = management.get("/observe/health/ready").request()) {
            assertThat(live.status()).isEqualTo(Status.OK_200);
            assertThat(ready.status()).isEqualTo(Status.OK_200);
        }
        String metrics = management.get("/observe/metrics").request(String.class).entity();
        assertThat(metrics).contains("autoship_http_requests_seconds_bucket", "autoship_predictions_total",
                "autoship_model_lookups_total{", "source=\"memory\"", "autoship_model_trainings_total",
                "autoship_model_training_seconds_bucket", "autoship_models_held",
                "autoship_auto_ship_precision_target{scope=\"application\",} 0.95");
    }

    @Test
    void everyAnswerIsCountedByEndpointAndStatusCode() throws Exception {
        double okBefore = responses("predict", 200);
        double invalidBefore = responses("predict", 400);
        double insufficientBefore = responses("predict", 422);
        double batchInvalidBefore = responses("batch", 400);
        double modelsNotFoundBefore = responses("models", 404);

        post("/v1/predictions", example("order.json"));
        post("/v1/predictions", "{\"customerId\": 7}");
        post("/v1/predictions", example("order.json").replace("demo-customer-01", "nobody-counted"));
        post("/v1/predictions/batch", "{\"customerId\": \"demo-customer-01\"}");
        try (Http1ClientResponse missing = client.get("/v1/models/nobody-held").request()) {
            assertThat(missing.status().code()).isEqualTo(404);
        }

        // an answer is counted just after it is sent
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(responses("predict", 200) - okBefore).isEqualTo(1.0);
            assertThat(responses("predict", 400) - invalidBefore).isEqualTo(1.0);
            assertThat(responses("predict", 422) - insufficientBefore).isEqualTo(1.0);
            assertThat(responses("batch", 400) - batchInvalidBefore).isEqualTo(1.0);
            assertThat(responses("models", 404) - modelsNotFoundBefore).isEqualTo(1.0);
        });
    }

    @Test
    void theHttpWarmUpIsAnsweredWithoutPredictingTrainingOrBeingCounted() {
        predictor.models().get("demo-customer-01");
        int held = predictor.models().modelsHeld();
        double metadataBefore = responses("models", 200);
        double missingBefore = responses("models", 404);
        double refusedBefore = responses("predict", 400);
        double trainedBefore = trainings();
        double predictedBefore = counter("autoship_predictions_total");

        int answered = predictor.api().warmUpOverHttp(publicPort, List.of("demo-customer-01", "nobody-warmed"),
                Duration.ofMinutes(1));

        assertThat(answered).isEqualTo(HttpWarmUp.MAX_REQUESTS);
        assertThat(responses("models", 200)).isEqualTo(metadataBefore);
        assertThat(responses("models", 404)).isEqualTo(missingBefore);
        assertThat(responses("predict", 400)).isEqualTo(refusedBefore);
        assertThat(trainings()).isEqualTo(trainedBefore);
        assertThat(counter("autoship_predictions_total")).isEqualTo(predictedBefore);
        assertThat(predictor.models().modelsHeld()).isEqualTo(held);
        assertThat(predictor.models().peekHeld("nobody-warmed")).isEmpty();
        // counting resumes once the warm-up is over (an answer is counted just after it is sent)
        try (Http1ClientResponse metadata = client.get("/v1/models/demo-customer-01").request()) {
            assertThat(metadata.status().code()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> responses("models", 200) == metadataBefore + 1);
    }

    private double responses(String endpoint, int status) {
        String metrics = management.get("/observe/metrics").request(String.class).entity();
        Matcher matcher = Pattern.compile("(?m)^autoship_http_responses_total\\{([^}]*)} ([0-9.E]+)").matcher(metrics);
        while (matcher.find()) {
            if (matcher.group(1).contains("endpoint=\"" + endpoint + "\"")
                    && matcher.group(1).contains("status=\"" + status + "\"")) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        return 0;
    }

    private double trainings() {
        return counter("autoship_model_trainings_total");
    }

    private double counter(String name) {
        String metrics = management.get("/observe/metrics").request(String.class).entity();
        Matcher matcher = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.E]+)").matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(2)) : 0;
    }
}
