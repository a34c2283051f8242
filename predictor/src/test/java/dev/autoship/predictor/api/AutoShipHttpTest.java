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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code autoShip} in single and batch answers against the threshold the model's metadata reports, and the
 * validation that threshold comes from (embedded demo history, a target of 0.8 so that demo models have thresholds).
 */
@ServerTest
class AutoShipHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CUSTOMER = "demo-customer-04";
    private static PredictorServer predictor;

    private final Http1Client client;

    AutoShipHttpTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder builder) {
        predictor = PredictorServer.create(PredictorSettings.from(Map.of(
                "AUTOSHIP_SERVER_PORT", "0", "AUTOSHIP_MANAGEMENT_PORT", "0",
                "AUTOSHIP_AUTO_SHIP_PRECISION", "0.8")));
        predictor.configure(builder);
    }

    @AfterAll
    static void close() {
        predictor.close();
    }

    @Test
    void everyAnswerAutoShipsExactlyWhenItsConfidenceReachesTheModelsThreshold() throws Exception {
        ArrayNode orders = batchOrders(60);
        JsonNode batch = post("/v1/predictions/batch", JSON.writeValueAsString(JSON.createObjectNode()
                .put("customerId", CUSTOMER).set("orders", orders)));
        JsonNode model = JSON.readTree(client.get("/v1/models/" + CUSTOMER).request(String.class).entity());
        JsonNode single = post("/v1/predictions", JSON.writeValueAsString(JSON.createObjectNode()
                .put("customerId", CUSTOMER).set("order", batchOrders(1).get(0))));

        JsonNode validation = model.get("validation");
        assertThat(validation.get("examples").asInt()).isGreaterThanOrEqualTo(30);
        assertThat(validation.get("accuracy").asDouble()).isBetween(0.5, 1.0);
        assertThat(validation.get("calibrationError").asDouble()).isBetween(0.0, 0.5);
        assertThat(validation.get("autoShipPrecisionTarget").asDouble()).isEqualTo(0.8);
        assertThat(validation.get("bands")).hasSize(5).allSatisfy(band -> assertThat(band.has("accuracy")).isTrue());
        assertThat(validation.get("autoShipThreshold").isNumber()).as("a demo customer's model at 0.8: %s", validation).isTrue();
        double threshold = validation.get("autoShipThreshold").asDouble();

        List<JsonNode> answers = new java.util.ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            // an order lacking a value the model fills in (2% of the demo orders have no requested service) is not
            // auto-shipped whatever its confidence (anAnswerRestingOnAValueTheOrderDidNotGiveIsNotAutoShipped)
            if (givesEveryValue(orders.get(i))) {
                answers.add(batch.get("predictions").get(i));
            }
        }
        answers.add(single);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.get("autoShip").asBoolean())
                .as("%s", answer).isEqualTo(answer.get("confidence").asDouble() >= threshold));
        assertThat(answers).anySatisfy(answer -> assertThat(answer.get("autoShip").asBoolean()).isTrue());
        assertThat(batch.get("predictions")).allSatisfy(answer -> assertThat(answer.get("autoShip").isBoolean()).isTrue());
    }

    @Test
    void anAnswerRestingOnAValueTheOrderDidNotGiveIsNotAutoShipped() throws Exception {
        ArrayNode orders = batchOrders(60);
        JsonNode answers = post("/v1/predictions/batch", JSON.writeValueAsString(JSON.createObjectNode()
                .put("customerId", CUSTOMER).set("orders", orders))).get("predictions");
        ArrayNode unweighed = JSON.createArrayNode();
        for (int i = 0; i < orders.size(); i++) {
            if (answers.get(i).get("autoShip").asBoolean()) {
                unweighed.add(((ObjectNode) orders.get(i).deepCopy()).putNull("weightOz"));
            }
        }
        assertThat(unweighed).isNotEmpty();

        JsonNode without = post("/v1/predictions/batch", JSON.writeValueAsString(JSON.createObjectNode()
                .put("customerId", CUSTOMER).set("orders", unweighed))).get("predictions");

        // the demo customers' rules turn on the weight: every one of these answers used the median weight
        assertThat(without).allSatisfy(answer -> assertThat(answer.get("autoShip").asBoolean()).as("%s", answer).isFalse());
    }

    /** Whether the order gives every value a model may fill in (the demo orders always have a store and country). */
    private static boolean givesEveryValue(JsonNode order) {
        return order.hasNonNull("weightOz") && order.hasNonNull("orderTotal") && order.hasNonNull("itemCount")
                && order.hasNonNull("requestedService") && order.path("shipTo").hasNonNull("postalCode");
    }

    @Test
    void theModelsProvenanceNamesTrainerSeedDataAndVersions() throws Exception {
        post("/v1/predictions/batch", batchOfRecentOrders(1));
        JsonNode provenance = JSON.readTree(client.get("/v1/models/" + CUSTOMER).request(String.class).entity())
                .get("provenance");

        assertThat(provenance.get("trainer").asText()).endsWith("HistogramForestTrainer");
        assertThat(provenance.at("/configuration/seed").asText()).isEqualTo("1");
        assertThat(provenance.at("/configuration/trees").asText()).isEqualTo("30");
        assertThat(provenance.at("/dataSource/source").asText()).isEqualTo("embedded demo data set");
        assertThat(provenance.at("/dataSource/customerId").asText()).isEqualTo(CUSTOMER);
        assertThat(Instant.parse(provenance.at("/dataSource/windowEnd").asText()))
                .isAfter(Instant.parse(provenance.at("/dataSource/windowStart").asText()));
        assertThat(provenance.at("/dataSource/examples").asInt()).isPositive();
        assertThat(provenance.at("/versions/tribuo").asText()).isEqualTo("4.3.2");
        assertThat(provenance.at("/versions/java").asText()).isNotBlank();
    }

    private JsonNode post(String path, String body) throws Exception {
        return JSON.readTree(client.post(path).header(HeaderNames.CONTENT_TYPE, "application/json")
                .submit(body, String.class).entity());
    }

    private static String batchOfRecentOrders(int count) throws Exception {
        ObjectNode request = JSON.createObjectNode().put("customerId", CUSTOMER);
        request.set("orders", batchOrders(count));
        return JSON.writeValueAsString(request);
    }

    /** The customer's own newest orders, as a client would send them (the history documents' order part). */
    private static ArrayNode batchOrders(int count) {
        ArrayNode orders = JSON.createArrayNode();
        for (DemoShipment shipment : new DemoDataSet(Instant.now()).shipments(CUSTOMER).subList(0, count)) {
            ObjectNode document = ShipmentDocuments.document(shipment.shipment());
            orders.add(((ObjectNode) document.get("order").deepCopy()).put("orderId", document.get("orderId").asText()));
        }
        return orders;
    }
}
