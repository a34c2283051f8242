package dev.autoship.predictor.outcome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.PredictorServer;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.model.ShipmentPrediction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole quality loop on a laptop: an embedded predictor (no Elasticsearch, no Redis) answers predictions over
 * HTTP, the shipments of those orders are posted to the demo history's intake, and the model's outcomes appear in
 * {@code GET /v1/models/{customerId}}; when the customer starts shipping differently the model is refreshed.
 */
class EmbeddedOutcomeLoopTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CUSTOMER = "demo-customer-03";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PredictorServer predictor;

    @AfterEach
    void stop() {
        if (predictor != null) {
            predictor.close();
        }
    }

    private static final ModelQuality VALIDATED_AT_95 = new ModelQuality() {
        @Override
        public OptionalDouble validationAccuracy(ShipmentModel model) {
            return OptionalDouble.of(0.95);
        }

        @Override
        public boolean autoShip(ShipmentModel model, ShipmentPrediction prediction) {
            return false;
        }
    };

    private void start() {
        predictor = PredictorServer.create(PredictorSettings.from(Map.of("AUTOSHIP_SERVER_PORT", "0",
                "AUTOSHIP_MANAGEMENT_PORT", "0", "AUTOSHIP_OUTCOME_CHECK_INTERVAL", "PT1S",
                "AUTOSHIP_DRIFT_MIN_OUTCOMES", "6")), VALIDATED_AT_95).start();
    }

    private JsonNode send(int port, String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return JSON.readTree(response.body());
    }

    /** Predicts {@code count} new orders (the example order under new ids), then posts their shipments. */
    private void predictAndShip(String batch, int count, boolean asPredicted) throws Exception {
        ObjectNode order = (ObjectNode) JSON.readTree(Files.readString(Path.of("..", "examples", "order.json"))).get("order");
        ObjectNode request = JSON.createObjectNode().put("customerId", CUSTOMER);
        ArrayNode orders = request.putArray("orders");
        for (int i = 0; i < count; i++) {
            orders.add(order.deepCopy().put("orderId", batch + "-" + i));
        }
        JsonNode answers = send(predictor.port(), "POST", "/v1/predictions/batch", request.toString()).get("predictions");
        ArrayNode shipments = JSON.createObjectNode().putArray("shipments");
        for (int i = 0; i < count; i++) {
            ObjectNode shipment = shipments.addObject().put("customerId", CUSTOMER).put("orderId", batch + "-" + i)
                    .put("shippedAt", Instant.now().minusSeconds(60).toString());
            shipment.set("order", orders.get(i));
            shipment.set("shipment", asPredicted ? answers.get(i).get("shipment")
                    : JSON.createObjectNode().put("carrier", "Veho").put("service", "Next Day").put("packaging", "poly mailer"));
        }
        send(predictor.managementPort(), "POST", "/v1/shipments", "{\"shipments\": " + shipments + "}");
    }

    private JsonNode model() throws Exception {
        return send(predictor.port(), "GET", "/v1/models/" + CUSTOMER, null);
    }

    @Test
    void theShipmentIntakeIsOnTheManagementPortOnly() throws Exception {
        start();
        HttpResponse<String> onPublicPort = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + predictor.port() + "/v1/shipments")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(onPublicPort.statusCode()).isEqualTo(404);
    }

    @Test
    void predictionsShipmentsOutcomesAndARefreshWhenTheCustomerShipsDifferently() throws Exception {
        start();
        predictAndShip("holds", 6, true);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode outcomes = model().get("outcomes");
            assertThat(outcomes.get("resolved").asInt()).isEqualTo(6);
            assertThat(outcomes.get("matched").asInt()).isEqualTo(6);
            assertThat(outcomes.get("accuracy").asDouble()).isEqualTo(1.0);
            assertThat(outcomes.get("predictions").asInt()).isEqualTo(6);
        });
        String firstModel = model().get("trainedAt").asText();

        predictAndShip("changed", 8, false);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode model = model();
            assertThat(model.get("trainedAt").asText()).isNotEqualTo(firstModel);
            assertThat(model.at("/outcomes/resolved").asInt()).isZero();
            assertThat(model.at("/outcomes/last7Days/resolved").asInt()).isEqualTo(14);
            assertThat(model.at("/outcomes/last7Days/matched").asInt()).isEqualTo(6);
        });
    }
}
