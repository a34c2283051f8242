package dev.autoship.benchmarks.predictor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.benchmarks.history.GeneratedCustomers;
import dev.autoship.benchmarks.history.ShipmentJson;
import dev.autoship.predictor.order.Order;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Prediction request bodies (the HTTP API of docs/architecture.md) with orders the customers did not train on,
 * serialized once up front so the load generator only sends bytes.
 */
public final class PredictionRequests {
    private final ObjectMapper json = new ObjectMapper();
    private final ShipmentJson shipmentJson = new ShipmentJson(json);
    private final GeneratedCustomers customers;
    private final ToIntFunction<String> historySize;

    /** @param historySize how many shipments each customer's model was trained on */
    public PredictionRequests(GeneratedCustomers customers, ToIntFunction<String> historySize) {
        this.customers = customers;
        this.historySize = historySize;
    }

    /** {@code perCustomer} single-order requests for each customer, interleaved across customers. */
    public List<byte[]> single(List<String> customerIds, int perCustomer) {
        return single(customerIds, perCustomer, false);
    }

    /**
     * {@code perCustomer} single-order requests for each customer, interleaved across customers.
     *
     * @param orderIdSlot each orderId ends with the slot {@link DistinctOrderIds} numbers on every send
     */
    public List<byte[]> single(List<String> customerIds, int perCustomer, boolean orderIdSlot) {
        List<List<Order>> orders = customerIds.stream().map(id -> orders(id, perCustomer)).toList();
        List<byte[]> bodies = new ArrayList<>(customerIds.size() * perCustomer);
        for (int i = 0; i < perCustomer; i++) {
            for (int c = 0; c < customerIds.size(); c++) {
                ObjectNode body = json.createObjectNode().put("customerId", customerIds.get(c));
                ObjectNode order = shipmentJson.requestOrder(orders.get(c).get(i));
                if (orderIdSlot) {
                    order.put("orderId", order.get("orderId").asText() + DistinctOrderIds.SLOT);
                }
                body.set("order", order);
                bodies.add(bytes(body));
            }
        }
        return bodies;
    }

    /** One batch request of {@code size} orders for each customer. */
    public List<byte[]> batches(List<String> customerIds, int size) {
        List<byte[]> bodies = new ArrayList<>(customerIds.size());
        for (String customerId : customerIds) {
            ObjectNode body = json.createObjectNode().put("customerId", customerId);
            ArrayNode array = body.putArray("orders");
            orders(customerId, size).forEach(order -> array.add(shipmentJson.requestOrder(order)));
            bodies.add(bytes(body));
        }
        return bodies;
    }

    private List<Order> orders(String customerId, int count) {
        return customers.freshOrders(customerId, historySize.applyAsInt(customerId), count);
    }

    private byte[] bytes(ObjectNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
