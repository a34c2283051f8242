package dev.autoship.predictor.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.PredictorServer;
import dev.autoship.predictor.backends.ShipmentDocuments;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server holding the demo customers' models pools their validations: at a target of 0.9, which few demo models
 * reach on their own validation (~60–150 answers each), thresholds rest on the pool, and answers auto-ship by them.
 */
@ServerTest
class PooledAutoShipHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static PredictorServer predictor;

    private final Http1Client client;

    PooledAutoShipHttpTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder builder) {
        predictor = PredictorServer.create(PredictorSettings.from(Map.of(
                "AUTOSHIP_SERVER_PORT", "0", "AUTOSHIP_MANAGEMENT_PORT", "0",
                "AUTOSHIP_AUTO_SHIP_PRECISION", "0.9")));
        predictor.configure(builder);
    }

    @AfterAll
    static void close() {
        predictor.close();
    }

    @Test
    void modelsHeldTogetherAutoShipOnTheirPooledValidations() throws Exception {
        List<String> customers = DemoDataSet.customerIds();
        for (String customer : customers) {
            post(customer, 1);
        }
        List<JsonNode> pooled = new ArrayList<>();
        for (String customer : customers) {
            JsonNode validation = JSON.readTree(client.get("/v1/models/" + customer).request(String.class).entity())
                    .get("validation");
            if (validation == null) {
                continue; // the demo set's customers with too little history have no model
            }
            assertThat(validation.get("autoShipEvidence").isNull()).as("%s", validation)
                    .isEqualTo(validation.get("autoShipThreshold").isNull());
            if ("pooled".equals(validation.get("autoShipEvidence").asText())) {
                pooled.add(((ObjectNode) validation).put("customerId", customer));
            }
        }

        assertThat(pooled).as("models whose threshold rests on the pool").isNotEmpty();
        JsonNode one = pooled.getFirst();
        double threshold = one.get("autoShipThreshold").asDouble();
        JsonNode answers = post(one.get("customerId").asText(), 60).get("predictions");
        // an order without a requested service (2% of the demo orders) has it filled in, and is never auto-shipped
        assertThat(answers).allSatisfy(answer -> assertThat(answer.get("autoShip").asBoolean()).as("%s", answer)
                .isEqualTo(answer.get("confidence").asDouble() >= threshold
                        && !withoutService.contains(answer.get("orderId").asText())));
        assertThat(answers).anySatisfy(answer -> assertThat(answer.get("autoShip").asBoolean()).isTrue());
    }

    private final java.util.Set<String> withoutService = new java.util.HashSet<>();

    private JsonNode post(String customer, int orders) throws Exception {
        ObjectNode request = JSON.createObjectNode().put("customerId", customer);
        ArrayNode batch = request.putArray("orders");
        for (DemoShipment shipment : new DemoDataSet(Instant.now()).shipments(customer).subList(0, orders)) {
            ObjectNode document = ShipmentDocuments.document(shipment.shipment());
            batch.add(((ObjectNode) document.get("order").deepCopy()).put("orderId", document.get("orderId").asText()));
            if (shipment.shipment().order().requestedService().isEmpty()) {
                withoutService.add(shipment.shipment().order().orderId());
            }
        }
        return JSON.readTree(client.post("/v1/predictions/batch").header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(JSON.writeValueAsString(request), String.class).entity());
    }
}
