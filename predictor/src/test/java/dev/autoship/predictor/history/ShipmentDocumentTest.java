package dev.autoship.predictor.history;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.order.Order;
import dev.autoship.predictor.order.OrderJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * History documents read straight from their tokens: the shipments the API's rules read from a tree, and besides them
 * what Elasticsearch accepts under the contract's mapping, with nothing but a missing order id or shipment dropping one.
 */
class ShipmentDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
            """
            {"customerId": "c", "orderId": "o-1", "shippedAt": "2026-01-02T03:04:05Z",
             "order": {"weightOz": 3.5, "lengthIn": 9, "widthIn": 6.0, "heightIn": 2, "orderTotal": 10.25,
                       "itemCount": 2.0, "store": " web ", "requestedService": "express",
                       "shipTo": {"country": "US", "state": "TX", "postalCode": "73301", "residential": true}},
             "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""",
            """
            {"order": {"weightOz": null, "orderTotal": 10, "store": "", "requestedService": "  ",
                       "shipTo": {"country": "FR", "state": "", "postalCode": null, "residential": null}},
             "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box", "labelId": {"x": [1, 2]}},
             "orderId": "o-2", "shippedAt": "2026-01-02T03:04:05+02:00", "items": [{"sku": "a"}]}""",
            """
            {"orderId": "o-3", "shippedAt": "2026-01-02T03:04:05Z", "order": null,
             "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""",
            """
            {"orderId": "o-4", "shippedAt": "2026-01-02T03:04:05Z",
             "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""",
            """
            {"orderId": "o-5", "shippedAt": "2026-01-02T03:04:05Z", "order": {"shipTo": null},
             "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}"""})
    void readsTheShipmentTheTreeReadsWithBlankOrMissingFieldsAbsent(String document) throws Exception {
        Shipment fromTree = ElasticsearchHistory.shipment("c", (ObjectNode) JSON.readTree(document));

        assertThat(JSON.readValue(document, ShipmentDocument.class))
                .isEqualTo(new ShipmentDocument.Readable(fromTree.order(), fromTree.shipment(), List.of()));
    }

    @Test
    void blankAndMissingOptionalFieldsAreAbsentNotMalformed() throws Exception {
        ShipmentDocument read = JSON.readValue("""
                {"order": {"weightOz": null, "store": "", "shipTo": {"country": "FR", "state": "  "}},
                 "orderId": "o-2", "shippedAt": "2026-01-02T03:04:05Z",
                 "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""", ShipmentDocument.class);

        Shipment shipment = ((ShipmentDocument.Readable) read).shipment("c", Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(shipment.customerId()).isEqualTo("c");
        assertThat(shipment.shippedAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(shipment.order().orderId()).isEqualTo("o-2");
        assertThat(shipment.order().weightOz()).isEmpty();
        assertThat(shipment.order().store()).isEmpty();
        assertThat(shipment.order().shipTo().country()).contains("FR");
        assertThat(shipment.order().shipTo().state()).isEmpty();
    }

    private static ShipmentDocument.Readable readable(String order) throws Exception {
        ShipmentDocument read = JSON.readValue("""
                {"orderId": "o", "shippedAt": "2026-01-02T03:04:05Z", "order": %s,
                 "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""".formatted(order),
                ShipmentDocument.class);
        assertThat(read).isInstanceOf(ShipmentDocument.Readable.class);
        return (ShipmentDocument.Readable) read;
    }

    @Test
    void valuesElasticsearchCoercesAreReadAsItIndexesThem() throws Exception {
        ShipmentDocument.Readable read = readable("""
                {"weightOz": "3.5", "lengthIn": " 9 ", "orderTotal": [12.25, 13], "itemCount": "2", "store": ["web", "app"],
                 "requestedService": 2, "shipTo": {"country": "US", "postalCode": 73301, "residential": "true"}}""");

        Order order = read.order();
        assertThat(order.weightOz()).hasValue(3.5);
        assertThat(order.lengthIn()).hasValue(9);
        assertThat(order.orderTotal()).hasValue(12.25);
        assertThat(order.itemCount()).hasValue(2);
        assertThat(order.store()).contains("web");
        assertThat(order.requestedService()).contains("2");
        assertThat(order.shipTo().postalCode()).contains("73301");
        assertThat(order.shipTo().residential()).isTrue();
        assertThat(read.unusable()).isEmpty();
        // an integer field cuts a fraction off, as Elasticsearch's coerce does
        assertThat(readable("{\"itemCount\": 2.7}").order().itemCount()).hasValue(2);
        assertThat(readable("{\"shipTo\": {\"residential\": \"false\"}}").order().shipTo().residential()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"weightOz\": -1, \"store\": \"web\"}|order.weightOz must be a finite number >= 0",
            "{\"weightOz\": \"heavy\", \"store\": \"web\"}|order.weightOz must be a finite number >= 0",
            "{\"itemCount\": -2, \"store\": \"web\"}|order.itemCount must be a whole number >= 0",
            "{\"heightIn\": {\"value\": 3}, \"store\": \"web\"}|order.heightIn must be a finite number >= 0",
            "{\"requestedService\": {\"name\": \"x\"}, \"store\": \"web\"}|order.requestedService must be a string",
            "{\"shipTo\": {\"residential\": \"yes\", \"country\": [{}]}, \"store\": \"web\"}|order.shipTo.residential must be true or false",
            "{\"shipTo\": \"US\", \"store\": \"web\"}|order.shipTo must be a JSON object"})
    void aValueTrainingCannotUseIsAbsentAndReportedAndTheShipmentKept(String order, String reason) throws Exception {
        ShipmentDocument.Readable read = readable(order);

        assertThat(read.unusable()).first().isEqualTo(reason);
        assertThat(read.order().orderId()).isEqualTo("o");
        assertThat(read.order().weightOz()).isEmpty();
        assertThat(read.order().itemCount()).isEmpty();
        assertThat(read.order().heightIn()).isEmpty();
        assertThat(read.order().requestedService()).isEmpty();
        assertThat(read.order().shipTo().residential()).isFalse();
        assertThat(read.order().shipTo().country()).isEmpty();
        // what else the order says is still read
        assertThat(read.order().store()).contains("web");
        assertThat(read.choice()).isEqualTo(new ShipmentChoice("UPS", "Ground", "box"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            """
            {"customerId": "c", "orderId": "o-1", "shippedAt": "2026-01-02T03:04:05Z",
             "order.weightOz": 3.5, "order.lengthIn": 9, "order.widthIn": 6.0, "order.heightIn": 2,
             "order.orderTotal": 10.25, "order.itemCount": 2, "order.store": "web", "order.requestedService": "express",
             "order.shipTo.country": "US", "order.shipTo.state": "TX", "order.shipTo.postalCode": "73301",
             "order.shipTo.residential": true,
             "shipment.carrier": "UPS", "shipment.service": "Ground", "shipment.packaging": "box"}""",
            """
            {"shipment.carrier": "UPS", "orderId": "o-1",
             "order": {"weightOz": 3.5, "lengthIn": 9, "shipTo.country": "US", "shipTo": {"state": "TX"},
                       "shipTo.postalCode": "73301", "shipTo.residential": "true", "store": "web"},
             "order.widthIn": 6.0, "order.heightIn": 2, "order.orderTotal": 10.25, "order.itemCount": 2,
             "order.requestedService": "express", "shipment": {"service": "Ground", "packaging": "box"}}"""})
    void fieldsWrittenWithDotsInTheirNamesAreTheFieldsElasticsearchIndexedFromThem(String document) throws Exception {
        String nested = """
                {"orderId": "o-1", "order": {"weightOz": 3.5, "lengthIn": 9, "widthIn": 6.0, "heightIn": 2,
                 "orderTotal": 10.25, "itemCount": 2, "store": "web", "requestedService": "express",
                 "shipTo": {"country": "US", "state": "TX", "postalCode": "73301", "residential": true}},
                 "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""";

        assertThat(JSON.readValue(document, ShipmentDocument.class))
                .isEqualTo(JSON.readValue(nested, ShipmentDocument.class))
                .isInstanceOfSatisfying(ShipmentDocument.Readable.class,
                        read -> assertThat(read.order().shipTo().state()).contains("TX"));
    }

    @Test
    void aDottedShipmentMissingAPartIsMalformedNamingThePart() throws Exception {
        assertThat(JSON.readValue("""
                {"orderId": "o", "shipment.carrier": "UPS", "shipment.service": "Ground", "order.shipTo.state": "TX"}""",
                ShipmentDocument.class)).isEqualTo(new ShipmentDocument.Malformed("shipment.packaging is required"));
    }

    @Test
    void anOrderThatIsNoObjectLeavesTheShipmentWithItsIdOnly() throws Exception {
        ShipmentDocument.Readable read = readable("[1]");

        assertThat(read.order()).isEqualTo(OrderJson.idOnly("o"));
        assertThat(read.unusable()).containsExactly("order must be a JSON object");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"orderId\": \"o\", \"order\": {}, \"shipment\": {\"carrier\": \"UPS\", \"service\": \"Ground\"}}|shipment.packaging is required",
            "{\"orderId\": \"o\", \"shipment\": {\"carrier\": \"UPS\", \"service\": {}, \"packaging\": \"box\"}}|shipment.service is required",
            "{\"orderId\": \"o\", \"order\": {}, \"shipment\": \"UPS\"}|shipment must be a JSON object",
            "{\"orderId\": \"o\", \"order\": {}}|shipment is required",
            "{\"orderId\": \"o\", \"shipment\": null}|shipment is required",
            "{\"orderId\": \" \", \"shipment\": {\"carrier\": \"UPS\", \"service\": \"Ground\", \"packaging\": \"box\"}}|document.orderId is required",
            "{\"shipment\": {\"carrier\": \"UPS\", \"service\": \"Ground\", \"packaging\": \"box\"}}|document.orderId is required",
            "[{\"orderId\": \"o\"}]|document must be a JSON object"})
    void aDocumentWithoutItsOrderIdOrAWholeShipmentIsMalformed(String document, String reason) throws Exception {
        assertThat(JSON.readValue(document, ShipmentDocument.class)).isEqualTo(new ShipmentDocument.Malformed(reason));
    }

    @Test
    void aMalformedDocumentDoesNotDisturbTheDocumentsAfterIt() throws Exception {
        List<ShipmentDocument> read = JSON.readValue("""
                [{"orderId": "bad", "shippedAt": "2026-01-02T03:04:05Z",
                  "order": {"weightOz": -1, "shipTo": {"country": "US", "nested": [{"a": {}}]}, "store": "web"},
                  "shipment": {"carrier": "UPS", "service": {"nested": [1, {"b": 2}]}, "packaging": "box"}},
                 {"orderId": "good", "shippedAt": "2026-01-02T03:04:05Z", "order": {"weightOz": 2},
                  "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}]""",
                new TypeReference<>() {
                });

        assertThat(read).hasSize(2);
        assertThat(read.get(0)).isEqualTo(new ShipmentDocument.Malformed("shipment.service is required"));
        assertThat(read.get(1)).isInstanceOfSatisfying(ShipmentDocument.Readable.class,
                good -> assertThat(good.order().orderId()).isEqualTo("good"));
    }
}
