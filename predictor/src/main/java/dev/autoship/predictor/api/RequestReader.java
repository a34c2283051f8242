package dev.autoship.predictor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.predictor.order.InvalidOrderException;
import dev.autoship.predictor.order.Order;
import dev.autoship.predictor.order.OrderJson;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads and checks prediction requests; every problem becomes a 400 naming the field. */
final class RequestReader {

    record SingleRequest(String customerId, Order order) {
    }

    record BatchRequest(String customerId, List<Order> orders) {
    }

    private final ObjectMapper json;
    private final int maxBatchOrders;

    RequestReader(ObjectMapper json, int maxBatchOrders) {
        this.json = json.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxBatchOrders = maxBatchOrders;
    }

    SingleRequest single(byte[] body) {
        JsonNode root = parse(body);
        try {
            return new SingleRequest(customerId(root), OrderJson.read(root.get("order"), "order", null));
        } catch (InvalidOrderException e) {
            throw ApiException.invalidRequest(e.getMessage());
        }
    }

    BatchRequest batch(byte[] body) {
        JsonNode root = parse(body);
        try {
            String customerId = customerId(root);
            JsonNode orders = root.get("orders");
            if (orders == null || orders.isNull()) {
                throw ApiException.invalidRequest("orders is required");
            }
            if (!orders.isArray()) {
                throw ApiException.invalidRequest("orders must be a JSON array");
            }
            if (orders.isEmpty()) {
                throw ApiException.invalidRequest("orders must contain at least 1 order");
            }
            if (orders.size() > maxBatchOrders) {
                throw ApiException.invalidRequest("orders must contain at most " + maxBatchOrders
                        + " orders, got " + orders.size());
            }
            List<Order> read = new ArrayList<>(orders.size());
            for (int i = 0; i < orders.size(); i++) {
                read.add(OrderJson.read(orders.get(i), "orders[" + i + "]", null));
            }
            return new BatchRequest(customerId, read);
        } catch (InvalidOrderException e) {
            throw ApiException.invalidRequest(e.getMessage());
        }
    }

    /** Checks a customer id from a path or a body. */
    static String checkCustomerId(String customerId, String field) {
        if (customerId == null || customerId.isBlank()) {
            throw ApiException.invalidRequest(field + " is required");
        }
        if (customerId.length() > 256 || customerId.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalidRequest(field + " must be at most 256 characters without control characters");
        }
        return customerId;
    }

    private static String customerId(JsonNode root) {
        JsonNode node = root.get("customerId");
        if (node != null && !node.isNull() && !node.isTextual()) {
            throw ApiException.invalidRequest("customerId must be a string");
        }
        return checkCustomerId(node == null || node.isNull() ? null : node.textValue(), "customerId");
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw ApiException.invalidRequest("request body is required: a JSON object");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.invalidRequest("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.invalidRequest("request body could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.invalidRequest("request body must be a JSON object");
        }
        return root;
    }
}
