package dev.autoship.predictor.order;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Reads an {@link Order} from its JSON form (the API's and the shipment history's {@code order} object),
 * checking every field and naming the offending one, e.g. {@code order.weightOz must be a finite number >= 0}.
 * Only the order id is required: any other field that is missing, {@code null} or a blank string is absent.
 * The same rules read a tree ({@link #read(JsonNode, String, String)}) or a stream of tokens
 * ({@link #read(JsonParser, String, String)}: history documents, thousands per read, without building a tree).
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

    /**
     * {@link #read(JsonNode, String, String)} over a parser positioned at the order's first token; on return (or
     * an {@link InvalidOrderException}) the parser may stand anywhere inside the order.
     *
     * @param orderId the order id kept outside the object (history documents); not null
     */
    public static Order read(JsonParser parser, String path, String orderId) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null || token == JsonToken.VALUE_NULL) {
            return idOnly(orderId);
        }
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            throw new InvalidOrderException(path + " must be a JSON object");
        }
        OptionalDouble weightOz = OptionalDouble.empty();
        OptionalDouble lengthIn = OptionalDouble.empty();
        OptionalDouble widthIn = OptionalDouble.empty();
        OptionalDouble heightIn = OptionalDouble.empty();
        OptionalDouble orderTotal = OptionalDouble.empty();
        OptionalInt itemCount = OptionalInt.empty();
        Optional<String> store = Optional.empty();
        Optional<String> requestedService = Optional.empty();
        ShipTo shipTo = ShipTo.UNKNOWN;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "weightOz" -> weightOz = optionalNumber(parser, path, field);
                case "lengthIn" -> lengthIn = optionalNumber(parser, path, field);
                case "widthIn" -> widthIn = optionalNumber(parser, path, field);
                case "heightIn" -> heightIn = optionalNumber(parser, path, field);
                case "orderTotal" -> orderTotal = optionalNumber(parser, path, field);
                case "itemCount" -> itemCount = optionalCount(parser, path, field);
                case "store" -> store = optionalText(parser, path, field);
                case "requestedService" -> requestedService = optionalText(parser, path, field);
                case "shipTo" -> shipTo = shipTo(parser, path + ".shipTo");
                default -> parser.skipChildren();
            }
        }
        return new Order(orderId, weightOz, lengthIn, widthIn, heightIn, orderTotal, itemCount, store,
                requestedService, shipTo);
    }

    private static ShipTo shipTo(JsonParser parser, String path) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return ShipTo.UNKNOWN;
        }
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            throw new InvalidOrderException(path + " must be a JSON object");
        }
        Optional<String> country = Optional.empty();
        Optional<String> state = Optional.empty();
        Optional<String> postalCode = Optional.empty();
        boolean residential = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "country" -> country = optionalText(parser, path, field);
                case "state" -> state = optionalText(parser, path, field);
                case "postalCode" -> postalCode = optionalText(parser, path, field);
                case "residential" -> {
                    if (value != JsonToken.VALUE_NULL && !value.isBoolean()) {
                        parser.skipChildren();
                        throw new InvalidOrderException(path + "." + field + " must be true or false");
                    }
                    residential = value == JsonToken.VALUE_TRUE;
                }
                default -> parser.skipChildren();
            }
        }
        return new ShipTo(country, state, postalCode, residential);
    }

    /** The string at the parser's current token, by the rules of {@link #optionalText(JsonNode, String, String)}. */
    public static Optional<String> optionalText(JsonParser parser, String path, String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return Optional.empty();
        }
        if (token != JsonToken.VALUE_STRING) {
            parser.skipChildren();
            throw new InvalidOrderException(path + "." + field + " must be a string");
        }
        return text(path, field, parser.getText());
    }

    private static OptionalDouble optionalNumber(JsonParser parser, String path, String field) throws IOException {
        return parser.currentToken() == JsonToken.VALUE_NULL ? OptionalDouble.empty()
                : number(path, field, numberValue(parser));
    }

    private static OptionalInt optionalCount(JsonParser parser, String path, String field) throws IOException {
        return parser.currentToken() == JsonToken.VALUE_NULL ? OptionalInt.empty()
                : count(path, field, numberValue(parser));
    }

    /** The number at the parser's current token; NaN when it is no number (the checks then name the field). */
    private static double numberValue(JsonParser parser) throws IOException {
        if (parser.currentToken().isNumeric()) {
            return parser.getDoubleValue();
        }
        parser.skipChildren();
        return Double.NaN;
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
