package dev.autoship.predictor.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.order.InvalidOrderException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ElasticsearchHistoryTest {

    private static PredictorSettings.ElasticsearchSettings settings(Map<String, String> env) {
        return PredictorSettings.from(env).elasticsearch().orElseThrow();
    }

    @Test
    void apiKeyWinsOverBasicCredentials() {
        assertThat(ElasticsearchConnection.authorization(settings(Map.of("AUTOSHIP_ELASTICSEARCH_URL", "https://es:9200",
                "AUTOSHIP_ELASTICSEARCH_USERNAME", "elastic", "AUTOSHIP_ELASTICSEARCH_PASSWORD", "pw",
                "AUTOSHIP_ELASTICSEARCH_API_KEY", "a2V5")))).contains("ApiKey a2V5");
        assertThat(ElasticsearchConnection.authorization(settings(Map.of("AUTOSHIP_ELASTICSEARCH_URL", "https://es:9200",
                "AUTOSHIP_ELASTICSEARCH_USERNAME", "elastic", "AUTOSHIP_ELASTICSEARCH_PASSWORD", "pw"))))
                .contains("Basic ZWxhc3RpYzpwdw==");
        assertThat(ElasticsearchConnection.authorization(settings(Map.of("AUTOSHIP_ELASTICSEARCH_URL", "http://es:9200"))))
                .isEmpty();
    }

    @Test
    void malformedDocumentsAreRefusedNamingTheField() throws Exception {
        ObjectNode document = (ObjectNode) new ObjectMapper().readTree("""
                {"customerId": "c", "orderId": "o-1", "shippedAt": "2026-01-02T03:04:05Z",
                 "order": {"weightOz": 3, "orderTotal": 10, "itemCount": 1, "shipTo": {"country": "US"}},
                 "shipment": {"carrier": "UPS", "service": "Ground"}}""");

        assertThatThrownBy(() -> ElasticsearchHistory.shipment("c", document))
                .isInstanceOf(InvalidOrderException.class)
                .hasMessage("shipment.packaging is required");

        ((ObjectNode) document.get("shipment")).put("packaging", "box");
        Shipment shipment = ElasticsearchHistory.shipment("c", document);
        assertThat(shipment.order().orderId()).isEqualTo("o-1");
        assertThat(shipment.shipment()).isEqualTo(new ShipmentChoice("UPS", "Ground", "box"));
    }

    @Test
    void documentsWithBlankOrMissingOptionalFieldsAreKept() throws Exception {
        ObjectNode document = (ObjectNode) new ObjectMapper().readTree("""
                {"customerId": "c", "orderId": "o-2", "shippedAt": "2026-01-02T03:04:05Z",
                 "order": {"weightOz": null, "orderTotal": 10, "store": "", "requestedService": "  ",
                           "shipTo": {"country": "FR", "state": "", "postalCode": null}},
                 "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""");

        Shipment shipment = ElasticsearchHistory.shipment("c", document);
        assertThat(shipment.order().weightOz()).isEmpty();
        assertThat(shipment.order().orderTotal()).hasValue(10);
        assertThat(shipment.order().itemCount()).isEmpty();
        assertThat(shipment.order().store()).isEmpty();
        assertThat(shipment.order().requestedService()).isEmpty();
        assertThat(shipment.order().shipTo().country()).contains("FR");
        assertThat(shipment.order().shipTo().state()).isEmpty();

        document.remove("order");
        assertThat(ElasticsearchHistory.shipment("c", document).order().orderId()).isEqualTo("o-2");
    }
}
