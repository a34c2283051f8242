package dev.autoship.predictor.outcome;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoHistory;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo history's intake, as the management listener serves it in embedded mode. */
@ServerTest
class ShipmentIntakeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.now();
    private static final DemoHistory HISTORY = new DemoHistory(new DemoDataSet(NOW));

    private final Http1Client client;

    ShipmentIntakeTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void route(HttpRouting.Builder routing) {
        routing.register("/v1/shipments", new ShipmentIntake(HISTORY));
    }

    private static String document(String customer, String orderId, String shippedAt, String carrier) {
        return """
                {"customerId": "%s", "orderId": "%s", "shippedAt": "%s",
                 "order": {"weightOz": 12.5, "shipTo": {"country": "US", "state": "TX", "residential": true}},
                 "shipment": {"carrier": "%s", "service": "Ground", "packaging": "box"}}""".formatted(customer, orderId,
                shippedAt, carrier);
    }

    private record Answer(Status status, String body) {
    }

    private Answer post(String body) {
        try (Http1ClientResponse response = client.post("/v1/shipments")
                .header(HeaderNames.CONTENT_TYPE, "application/json").submit(body)) {
            return new Answer(response.status(), response.as(String.class));
        }
    }

    @Test
    void acceptedShipmentsJoinTheCustomersHistory() throws Exception {
        String shippedAt = NOW.minusSeconds(10).toString();

        Answer one = post(document("demo-customer-07", "intake-1", shippedAt, "UPS"));
        Answer several = post("{\"shipments\": [" + document("demo-customer-07", "intake-2", shippedAt, "Veho") + ","
                + document("demo-customer-08", "intake-3", shippedAt, "Veho") + "]}");

        assertThat(one.status()).isEqualTo(Status.ACCEPTED_202);
        assertThat(JSON.readTree(several.body()).get("accepted").asInt()).isEqualTo(2);
        assertThat(HISTORY.recentShipments("demo-customer-07", NOW.minusSeconds(60), 10))
                .extracting(shipment -> shipment.order().orderId()).containsExactlyInAnyOrder("intake-1", "intake-2");
        assertThat(HISTORY.recentShipments("demo-customer-08", NOW.minusSeconds(60), 10)).hasSize(1);
    }

    @Test
    void aDocumentThatBreaksTheContractRefusesTheWholeRequestNamingTheField() throws Exception {
        String valid = document("demo-customer-09", "intake-4", NOW.toString(), "UPS");

        Answer missing = post("{\"shipments\": [" + valid + ", " + valid.replace("\"carrier\": \"UPS\", ", "") + "]}");
        Answer badTime = post(document("demo-customer-09", "intake-5", "yesterday", "UPS"));
        Answer notJson = post("{\"shipments\": [");

        assertThat(missing.status()).isEqualTo(Status.BAD_REQUEST_400);
        assertThat(JSON.readTree(missing.body()).get("message").asText()).contains("shipments[1]").contains("carrier");
        assertThat(JSON.readTree(badTime.body()).get("message").asText()).contains("shippedAt");
        assertThat(JSON.readTree(notJson.body()).get("error").asText()).isEqualTo("invalid_request");
        assertThat(HISTORY.recentShipments("demo-customer-09", NOW.minusSeconds(60), 10)).isEmpty();
    }

    @Test
    void otherMethodsAre405() {
        try (Http1ClientResponse response = client.get("/v1/shipments").request()) {
            assertThat(response.status()).isEqualTo(Status.METHOD_NOT_ALLOWED_405);
            assertThat(response.headers().first(HeaderNames.ALLOW)).contains("POST");
        }
    }
}
