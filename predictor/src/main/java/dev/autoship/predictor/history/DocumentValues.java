package dev.autoship.predictor.history;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.autoship.predictor.order.OrderJson;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The values of a shipments-index document as Elasticsearch indexed them under the contract's mapping, read from the
 * parser's current token. Elasticsearch accepts more than the API does, and a document it accepted is a shipment
 * that happened: a {@code float} field given {@code "12.5"} (its default {@code coerce}), an {@code integer} given
 * {@code "2"} or {@code 2.0}, a {@code keyword} given a number ({@code "postalCode": 73301}) or an array of values,
 * a {@code boolean} given {@code "true"}. Those are read as Elasticsearch reads them. A value training still cannot
 * use (a negative weight, {@code "heavy"} kept by {@code ignore_malformed}, an object where a value belongs) is
 * reported to {@link Unusable} and left absent, like a blank or missing one: it never drops the shipment.
 */
final class DocumentValues {

    /** Hears of each value that was left absent because training cannot use it, with the reason. */
    @FunctionalInterface
    interface Unusable {
        void report(String reason);
    }

    private DocumentValues() {
    }

    /** A {@code keyword}: text stripped, blank absent; numbers and booleans as written; an array's first value. */
    static Optional<String> keyword(JsonParser parser, String name, Unusable unusable) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_ARRAY) {
            Optional<String> first = Optional.empty();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                Optional<String> element = keyword(parser, name, unusable);
                if (first.isEmpty()) {
                    first = element;
                }
            }
            return first;
        }
        if (token == JsonToken.VALUE_NULL) {
            return Optional.empty();
        }
        if (!token.isScalarValue()) {
            parser.skipChildren();
            unusable.report(name + " must be a string");
            return Optional.empty();
        }
        String text = parser.getText().strip();
        if (text.length() > OrderJson.MAX_TEXT_LENGTH) {
            unusable.report(name + " must be at most " + OrderJson.MAX_TEXT_LENGTH + " characters");
            return Optional.empty();
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** A {@code float} the model can use: finite and at least 0; a number written as a string counts. */
    static OptionalDouble number(JsonParser parser, String name, Unusable unusable) throws IOException {
        OptionalDouble value = raw(parser);
        if (value.isPresent() && !(Double.isFinite(value.getAsDouble()) && value.getAsDouble() >= 0)) {
            unusable.report(name + " must be a finite number >= 0");
            return OptionalDouble.empty();
        }
        return value;
    }

    /** An {@code integer} of at least 0; a fraction is cut off, as Elasticsearch indexes it. */
    static OptionalInt count(JsonParser parser, String name, Unusable unusable) throws IOException {
        OptionalDouble value = raw(parser);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        double number = value.getAsDouble();
        if (!(number >= 0 && number < (double) Integer.MAX_VALUE + 1)) {
            unusable.report(name + " must be a whole number >= 0");
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) number);
    }

    /** A {@code boolean}: {@code true}, {@code false} or the same as a string; absent is false. */
    static boolean flag(JsonParser parser, String name, Unusable unusable) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_ARRAY) {
            boolean first = false;
            boolean seen = false;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                boolean element = flag(parser, name, unusable);
                if (!seen) {
                    first = element;
                    seen = true;
                }
            }
            return first;
        }
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE || token == JsonToken.VALUE_NULL) {
            return token == JsonToken.VALUE_TRUE;
        }
        if (token == JsonToken.VALUE_STRING) {
            switch (parser.getText().strip()) {
                case "true" -> {
                    return true;
                }
                case "false", "" -> {
                    return false;
                }
                default -> {
                }
            }
        }
        parser.skipChildren();
        unusable.report(name + " must be true or false");
        return false;
    }

    /** The number at the token: empty when null or blank, NaN when it is no number; an array's first value. */
    private static OptionalDouble raw(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_ARRAY) {
            OptionalDouble first = OptionalDouble.empty();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                OptionalDouble element = raw(parser);
                if (first.isEmpty()) {
                    first = element;
                }
            }
            return first;
        }
        if (token == JsonToken.VALUE_NULL) {
            return OptionalDouble.empty();
        }
        if (token.isNumeric()) {
            return OptionalDouble.of(parser.getDoubleValue());
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText().strip();
            if (text.isEmpty()) {
                return OptionalDouble.empty();
            }
            try {
                return OptionalDouble.of(Double.parseDouble(text));
            } catch (NumberFormatException e) {
                return OptionalDouble.of(Double.NaN);
            }
        }
        parser.skipChildren();
        return OptionalDouble.of(Double.NaN);
    }
}
