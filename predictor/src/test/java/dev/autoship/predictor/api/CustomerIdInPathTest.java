package dev.autoship.predictor.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.PredictorServer;
import dev.autoship.predictor.config.PredictorSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer id is any text of up to 256 characters, slashes included: its model's metadata and deletion are reached
 * with the id percent-encoded in the path, as they are for any other id.
 */
class CustomerIdInPathTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CUSTOMER = "shop/7 de Zürich";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private PredictorServer predictor;

    @AfterEach
    void stop() {
        if (predictor != null) {
            predictor.close();
        }
    }

    private HttpResponse<String> send(int port, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCustomerIdWithASlashHasItsModelReadAndDeletedThroughTheEncodedPath() throws Exception {
        predictor = PredictorServer.create(PredictorSettings.from(Map.of("AUTOSHIP_SERVER_PORT", "0",
                "AUTOSHIP_MANAGEMENT_PORT", "0"))).start();
        ObjectNode order = (ObjectNode) JSON.readTree(Files.readString(Path.of("..", "examples", "order.json"))).get("order");
        ArrayNode shipments = JSON.createObjectNode().putArray("shipments");
        for (int i = 0; i < 40; i++) {
            ObjectNode shipment = shipments.addObject().put("customerId", CUSTOMER).put("orderId", "o-" + i)
                    .put("shippedAt", Instant.now().minusSeconds(3600L * (i + 1)).toString());
            shipment.set("order", order.deepCopy().put("orderId", "o-" + i).put("weightOz", i % 2 == 0 ? 4 : 40));
            shipment.putObject("shipment").put("carrier", "UPS").put("service", i % 2 == 0 ? "Ground" : "Next Day Air")
                    .put("packaging", "box");
        }
        assertThat(send(predictor.managementPort(), "POST", "/v1/shipments", "{\"shipments\": " + shipments + "}")
                .statusCode()).isBetween(200, 299);
        ObjectNode request = JSON.createObjectNode().put("customerId", CUSTOMER);
        request.set("order", order);
        assertThat(send(predictor.port(), "POST", "/v1/predictions", request.toString()).statusCode()).isEqualTo(200);
        String path = "/v1/models/" + URLEncoder.encode(CUSTOMER, StandardCharsets.UTF_8).replace("+", "%20");

        HttpResponse<String> metadata = send(predictor.port(), "GET", path, null);
        assertThat(metadata.statusCode()).as(metadata.body()).isEqualTo(200);
        JsonNode model = JSON.readTree(metadata.body());
        assertThat(model.get("customerId").asText()).isEqualTo(CUSTOMER);
        assertThat(model.get("examples").asInt()).isEqualTo(40);

        HttpResponse<String> deleted = send(predictor.managementPort(), "DELETE", path, null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        HttpResponse<String> gone = send(predictor.port(), "GET", path, null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(gone.body()).get("error").asText()).isEqualTo("model_not_found");
        // a customer's id is its whole rest of the path: a parent's path is not another customer's
        assertThat(JSON.readTree(send(predictor.port(), "GET", "/v1/models/shop", null).body()).get("error").asText())
                .isEqualTo("model_not_found");
    }
}
