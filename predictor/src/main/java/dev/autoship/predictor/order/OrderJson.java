package dev.autoship.predictor.order;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads an {@link Order} from its JSON form (the API's and the shipment history's {@code order} object),
 * checking every field and naming the offending one, e.g. {@code order.weightOz must be a finite number >= 0}.
 */
public final class OrderJson {

    static final int MAX_TEXT_LENGTH = 256;

    private OrderJson() {
    }

    /**
     * @param node    the order object
     * @param path    how the object is named in messages, e.g. {@code order} or {@code orders[3]}
     * @param orderId the order id when it is kept outside the object (history documents), else null
     */
    public static Order read(JsonNode node, String path, String orderId) {
        requireObject(node, path);
        String id = orderId != null ? orderId : requiredText(node, path, "orderId");
        JsonNode shipTo = node.get("shipTo");
        requireObject(shipTo, path + ".shipTo");
        String shipToPath = path + ".shipTo";
        return new Order(
                id,
                requiredNumber(node, path, "weightOz"),
                optionalNumber(node, path, "lengthIn"),
                optionalNumber(node, path, "widthIn"),
                optionalNumber(node, path, "heightIn"),
                requiredNumber(node, path, "orderTotal"),
                requiredCount(node, path, "itemCount"),
                optionalText(node, path, "store"),
                optionalText(node, path, "requestedService"),
                new ShipTo(
                        requiredText(shipTo, shipToPath, "country"),
                        optionalText(shipTo, shipToPath, "state"),
                        optionalText(shipTo, shipToPath, "postalCode"),
                        optionalBoolean(shipTo, shipToPath, "residential")));
    }

    public static void requireObject(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            throw new InvalidOrderException(path + " is required");
        }
        if (!node.isObject()) {
            throw new InvalidOrderException(path + " must be a JSON object");
        }
    }

    public static String requiredText(JsonNode parent, String path, String field) {
        return optionalText(parent, path, field)
                .orElseThrow(() -> new InvalidOrderException(path + "." + field + " is required"));
    }

    static Optional<String> optionalText(JsonNode parent, String path, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new InvalidOrderException(path + "." + field + " must be a string");
        }
        String text = node.textValue().strip();
        if (text.isEmpty()) {
            throw new InvalidOrderException(path + "." + field + " must not be blank");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidOrderException(path + "." + field + " must be at most " + MAX_TEXT_LENGTH + " characters");
        }
        return Optional.of(text);
    }

    private static double requiredNumber(JsonNode parent, String path, String field) {
        return optionalNumber(parent, path, field).orElseThrow(
                () -> new InvalidOrderException(path + "." + field + " is required"));
    }

    private static OptionalDouble optionalNumber(JsonNode parent, String path, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return OptionalDouble.empty();
        }
        double value = node.isNumber() ? node.doubleValue() : Double.NaN;
        if (!Double.isFinite(value) || value < 0) {
            throw new InvalidOrderException(path + "." + field + " must be a finite number >= 0");
        }
        return OptionalDouble.of(value);
    }

    private static int requiredCount(JsonNode parent, String path, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidOrderException(path + "." + field + " is required");
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
            throw new InvalidOrderException(path + "." + field + " must be a whole number >= 1");
        }
        return node.intValue();
    }

    private static boolean optionalBoolean(JsonNode parent, String path, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new InvalidOrderException(path + "." + field + " must be true or false");
        }
        return node.booleanValue();
    }
}
