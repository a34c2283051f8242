package dev.autoship.benchmarks.predictor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.benchmarks.history.HistoryGenerator;
import dev.autoship.benchmarks.history.Order;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Prediction request bodies (DESIGN.md's API), serialized once up front so the load generator only sends bytes. */
public final class PredictionRequests {
    private final ObjectMapper json = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private final HistoryGenerator generator;

    public PredictionRequests(HistoryGenerator generator) {
        this.generator = generator;
    }

    /** {@code perCustomer} single-order requests for each customer, interleaved across customers. */
    public List<byte[]> single(List<String> customers, int perCustomer) {
        List<List<Order>> orders = customers.stream().map(customer -> generator.orders(customer, perCustomer)).toList();
        List<byte[]> bodies = new ArrayList<>(customers.size() * perCustomer);
        for (int i = 0; i < perCustomer; i++) {
            for (int c = 0; c < customers.size(); c++) {
                ObjectNode body = json.createObjectNode().put("customerId", customers.get(c));
                body.set("order", order(customers.get(c) + "-p" + i, orders.get(c).get(i)));
                bodies.add(bytes(body));
            }
        }
        return bodies;
    }

    /** One batch request of {@code size} orders for each customer. */
    public List<byte[]> batches(List<String> customers, int size) {
        List<byte[]> bodies = new ArrayList<>(customers.size());
        for (String customer : customers) {
            ObjectNode body = json.createObjectNode().put("customerId", customer);
            var array = body.putArray("orders");
            List<Order> orders = generator.orders(customer, size);
            for (int i = 0; i < size; i++) {
                array.add(order(customer + "-b" + i, orders.get(i)));
            }
            bodies.add(bytes(body));
        }
        return bodies;
    }

    private ObjectNode order(String orderId, Order order) {
        ObjectNode node = json.createObjectNode().put("orderId", orderId);
        node.setAll((ObjectNode) json.valueToTree(order));
        return node;
    }

    private byte[] bytes(ObjectNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
