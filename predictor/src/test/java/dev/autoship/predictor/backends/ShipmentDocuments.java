package dev.autoship.predictor.backends;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.order.Order;

import java.util.List;

/** Shipments as documents of the shipments index, for loading them with {@code dev.autoship.testing.ShipmentIndex}. */
public final class ShipmentDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ShipmentDocuments() {
    }

    public static List<ObjectNode> of(List<Shipment> shipments) {
        return shipments.stream().map(ShipmentDocuments::document).toList();
    }

    /** A shipment as the history contract (docs/architecture.md, contract 1) lays it out. */
    public static ObjectNode document(Shipment shipment) {
        Order order = shipment.order();
        ObjectNode document = JSON.createObjectNode()
                .put("customerId", shipment.customerId())
                .put("orderId", order.orderId())
                .put("shippedAt", shipment.shippedAt().toString());
        ObjectNode orderNode = document.putObject("order");
        order.weightOz().ifPresent(v -> orderNode.put("weightOz", v));
        order.orderTotal().ifPresent(v -> orderNode.put("orderTotal", v));
        order.itemCount().ifPresent(v -> orderNode.put("itemCount", v));
        order.lengthIn().ifPresent(v -> orderNode.put("lengthIn", v));
        order.widthIn().ifPresent(v -> orderNode.put("widthIn", v));
        order.heightIn().ifPresent(v -> orderNode.put("heightIn", v));
        order.store().ifPresent(v -> orderNode.put("store", v));
        order.requestedService().ifPresent(v -> orderNode.put("requestedService", v));
        ObjectNode shipTo = orderNode.putObject("shipTo").put("residential", order.shipTo().residential());
        order.shipTo().country().ifPresent(v -> shipTo.put("country", v));
        order.shipTo().state().ifPresent(v -> shipTo.put("state", v));
        order.shipTo().postalCode().ifPresent(v -> shipTo.put("postalCode", v));
        document.putObject("shipment")
                .put("carrier", shipment.shipment().carrier())
                .put("service", shipment.shipment().service())
                .put("packaging", shipment.shipment().packaging());
        return document;
    }
}
