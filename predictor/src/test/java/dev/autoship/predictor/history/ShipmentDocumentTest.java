package dev.autoship.predictor.history;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.order.InvalidOrderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** History documents read straight from their tokens: the same shipments, and the same refusals, as from a tree. */
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
                .isEqualTo(new ShipmentDocument.Readable(fromTree.shippedAt(), fromTree.order(), fromTree.shipment()));
    }

    @Test
    void blankAndMissingOptionalFieldsAreAbsentNotMalformed() throws Exception {
        ShipmentDocument read = JSON.readValue("""
                {"order": {"weightOz": null, "store": "", "shipTo": {"country": "FR", "state": "  "}},
                 "orderId": "o-2", "shippedAt": "2026-01-02T03:04:05Z",
                 "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""", ShipmentDocument.class);

        Shipment shipment = ((ShipmentDocument.Readable) read).shipment("c");
        assertThat(shipment.customerId()).isEqualTo("c");
        assertThat(shipment.shippedAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(shipment.order().orderId()).isEqualTo("o-2");
        assertThat(shipment.order().weightOz()).isEmpty();
        assertThat(shipment.order().store()).isEmpty();
        assertThat(shipment.order().shipTo().country()).contains("FR");
        assertThat(shipment.order().shipTo().state()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            """
            {"orderId": "o", "shippedAt": "2026-01-02T03:04:05Z", "order": {"weightOz": -1},
             "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""",
            """
            {"orderId": "o", "shippedAt": "2026-01-02T03:04:05Z", "order": {"weightOz": "3"},
             "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""",
            """
            {"orderId": "o", "shippedAt": "2026-01-02T03:04:05Z", "order": {"itemCount": 1.5},
             "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""",
            """
            {"orderId": "o", "shippedAt": "2026-01-02T03:04:05Z", "order": {"store": ["web"]},
             "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""",
            """
            {"orderId": "o", "shippedAt": "2026-01-02T03:04:05Z", "order": {"shipTo": {"residential": "yes"}},
             "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""",
            """
            {"orderId": "o", "shippedAt": "2026-01-02T03:04:05Z", "order": {"shipTo": "US"},
             "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""",
            """
            {"orderId": "o", "shippedAt": "2026-01-02T03:04:05Z", "order": [1],
             "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""",
            """
            {"orderId": "o", "shippedAt": "2026-01-02T03:04:05Z", "order": {},
             "shipment": {"carrier": "UPS", "service": "Ground"}}""",
            """
            {"orderId": "o", "shippedAt": "2026-01-02T03:04:05Z", "order": {}, "shipment": "UPS"}""",
            """
            {"orderId": "o", "shippedAt": "2026-01-02T03:04:05Z", "order": {}}""",
            """
            {"orderId": " ", "shippedAt": "2026-01-02T03:04:05Z", "order": {},
             "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""",
            """
            {"orderId": "o", "order": {}, "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""",
            """
            {"orderId": "o", "shippedAt": "yesterday", "order": {},
             "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}"""})
    void aMalformedDocumentIsRefusedWithTheTreesReason(String document) throws Exception {
        String treeReason;
        try {
            ElasticsearchHistory.shipment("c", (ObjectNode) JSON.readTree(document));
            throw new AssertionError("the tree read accepted " + document);
        } catch (InvalidOrderException | DateTimeParseException e) {
            treeReason = e.getMessage();
        }

        assertThat(JSON.readValue(document, ShipmentDocument.class)).isEqualTo(new ShipmentDocument.Malformed(treeReason));
    }

    @Test
    void aMalformedDocumentDoesNotDisturbTheDocumentsAfterIt() throws Exception {
        List<ShipmentDocument> read = JSON.readValue("""
                [{"orderId": "bad", "shippedAt": "2026-01-02T03:04:05Z",
                  "order": {"weightOz": -1, "shipTo": {"country": "US", "nested": [{"a": {}}]}, "store": "web"},
                  "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}},
                 {"orderId": "good", "shippedAt": "2026-01-02T03:04:05Z", "order": {"weightOz": 2},
                  "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}]""",
                new TypeReference<>() {
                });

        assertThat(read).hasSize(2);
        assertThat(read.get(0)).isEqualTo(new ShipmentDocument.Malformed("order.weightOz must be a finite number >= 0"));
        assertThat(read.get(1)).isInstanceOfSatisfying(ShipmentDocument.Readable.class,
                good -> assertThat(good.order().orderId()).isEqualTo("good"));
    }
}
