package dev.autoship.benchmarks.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.order.Order;
import java.util.OptionalDouble;

/** The predictor's shipments and orders as the repository's contracts (docs/architecture.md) lay them out: shipment documents and API order objects. */
public final class ShipmentJson {
    private final ObjectMapper json;

    public ShipmentJson(ObjectMapper json) {
        this.json = json;
    }

    /** A document of the {@code shipments} index. */
    public ObjectNode document(Shipment shipment) {
        ObjectNode document = json.createObjectNode()
                .put("customerId", shipment.customerId())
                .put("orderId", shipment.order().orderId())
                .put("shippedAt", shipment.shippedAt().toString());
        ObjectNode order = orderFields(shipment.order());
        document.set("order", order);
        document.putObject("shipment")
                .put("carrier", shipment.shipment().carrier())
                .put("service", shipment.shipment().service())
                .put("packaging", shipment.shipment().packaging());
        return document;
    }

    /** The {@code order} object of a prediction request (with its orderId). */
    public ObjectNode requestOrder(Order order) {
        ObjectNode node = json.createObjectNode().put("orderId", order.orderId());
        node.setAll(orderFields(order));
        return node;
    }

    private ObjectNode orderFields(Order order) {
        ObjectNode node = json.createObjectNode();
        putIfPresent(node, "weightOz", order.weightOz());
        putIfPresent(node, "lengthIn", order.lengthIn());
        putIfPresent(node, "widthIn", order.widthIn());
        putIfPresent(node, "heightIn", order.heightIn());
        putIfPresent(node, "orderTotal", order.orderTotal());
        order.itemCount().ifPresent(count -> node.put("itemCount", count));
        order.store().ifPresent(store -> node.put("store", store));
        order.requestedService().ifPresent(service -> node.put("requestedService", service));
        ObjectNode shipTo = node.putObject("shipTo");
        order.shipTo().country().ifPresent(country -> shipTo.put("country", country));
        order.shipTo().state().ifPresent(state -> shipTo.put("state", state));
        order.shipTo().postalCode().ifPresent(code -> shipTo.put("postalCode", code));
        shipTo.put("residential", order.shipTo().residential());
        return node;
    }

    private static void putIfPresent(ObjectNode node, String field, OptionalDouble value) {
        if (value.isPresent()) {
            node.put(field, value.getAsDouble());
        }
    }
}
