package dev.autoship.predictor.order;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Reads an {@link Order} from the API's JSON form (and the shipments the embedded mode accepts), checking every
 * field and naming the offending one, e.g. {@code order.weightOz must be a finite number >= 0}.
 * Only the order id is required: any other field that is missing, {@code null} or a blank string is absent.
 * Documents read from the history index follow Elasticsearch's own, looser rules (history's {@code DocumentFields}).
 */
public final class OrderJson {

    /** The longest text a field may hold. */
    public static final int MAX_TEXT_LENGTH = 256;

    private OrderJson() {
    }

    /**
     * @param node    the order object
     * @param path    how the object is named in messages, e.g. {@code order} or {@code orders[3]}
     * @param orderId the order id when it is kept outside the object (history documents), else null
     */
    public static Order read(JsonNode node, String path, String orderId) {
        if (orderId != null && (node == null || node.isNull())) {
            return idOnly(orderId);
        }
        requireObject(node, path);
        String id = orderId != null ? orderId : requiredText(node, path, "orderId");
        return new Order(
                id,
                optionalNumber(node, path, "weightOz"),
                optionalNumber(node, path, "lengthIn"),
                optionalNumber(node, path, "widthIn"),
                optionalNumber(node, path, "heightIn"),
                optionalNumber(node, path, "orderTotal"),
                optionalCount(node, path, "itemCount"),
                optionalText(node, path, "store"),
                optionalText(node, path, "requestedService"),
                shipTo(node.get("shipTo"), path + ".shipTo"));
    }

    /** An order nothing is known about but its id. */
    public static Order idOnly(String orderId) {
        return new Order(orderId, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty(), Optional.empty(),
                Optional.empty(), ShipTo.UNKNOWN);
    }

    private static ShipTo shipTo(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return ShipTo.UNKNOWN;
        }
        if (!node.isObject()) {
            throw new InvalidOrderException(path + " must be a JSON object");
        }
        return new ShipTo(
                optionalText(node, path, "country"),
                optionalText(node, path, "state"),
                optionalText(node, path, "postalCode"),
                optionalBoolean(node, path, "residential"));
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
        return text(path, field, node.textValue());
    }

    /** Stripped; blank is absent. */
    private static Optional<String> text(String path, String field, String value) {
        String text = value.strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidOrderException(path + "." + field + " must be at most " + MAX_TEXT_LENGTH + " characters");
        }
        return Optional.of(text);
    }

    private static OptionalDouble optionalNumber(JsonNode parent, String path, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return OptionalDouble.empty();
        }
        return number(path, field, node.isNumber() ? node.doubleValue() : Double.NaN);
    }

    private static OptionalDouble number(String path, String field, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new InvalidOrderException(path + "." + field + " must be a finite number >= 0");
        }
        return OptionalDouble.of(value);
    }

    /** A whole number >= 0; written as {@code 2.0} it is still whole (JSON does not tell the two apart). */
    private static OptionalInt optionalCount(JsonNode parent, String path, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return OptionalInt.empty();
        }
        return count(path, field, node.isNumber() ? node.doubleValue() : Double.NaN);
    }

    private static OptionalInt count(String path, String field, double value) {
        if (!(value >= 0 && value <= Integer.MAX_VALUE && value == Math.rint(value))) {
            throw new InvalidOrderException(path + "." + field + " must be a whole number >= 0");
        }
        return OptionalInt.of((int) value);
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
