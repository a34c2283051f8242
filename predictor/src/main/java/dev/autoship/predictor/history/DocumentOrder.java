package dev.autoship.predictor.history;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.autoship.predictor.order.Order;
import dev.autoship.predictor.order.OrderJson;
import dev.autoship.predictor.order.ShipTo;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The {@code order} object of a shipments-index document, read from its tokens by the rules of
 * {@link DocumentValues}: what Elasticsearch accepted is read as it indexed it, and what training cannot use is
 * absent (and reported), never a reason to drop the shipment. Requests keep the API's stricter rules
 * ({@link OrderJson}).
 */
final class DocumentOrder {

    private DocumentOrder() {
    }

    /**
     * @param parser   positioned at the order's first token; on return, at its last
     * @param orderId  the document's order id, kept beside the order object
     */
    static Order read(JsonParser parser, String orderId, DocumentValues.Unusable unusable) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null || token == JsonToken.VALUE_NULL) {
            return OrderJson.idOnly(orderId);
        }
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            unusable.report("order must be a JSON object");
            return OrderJson.idOnly(orderId);
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
            String name = "order." + field;
            switch (field) {
                case "weightOz" -> weightOz = DocumentValues.number(parser, name, unusable);
                case "lengthIn" -> lengthIn = DocumentValues.number(parser, name, unusable);
                case "widthIn" -> widthIn = DocumentValues.number(parser, name, unusable);
                case "heightIn" -> heightIn = DocumentValues.number(parser, name, unusable);
                case "orderTotal" -> orderTotal = DocumentValues.number(parser, name, unusable);
                case "itemCount" -> itemCount = DocumentValues.count(parser, name, unusable);
                case "store" -> store = DocumentValues.keyword(parser, name, unusable);
                case "requestedService" -> requestedService = DocumentValues.keyword(parser, name, unusable);
                case "shipTo" -> shipTo = shipTo(parser, unusable);
                default -> parser.skipChildren();
            }
        }
        return new Order(orderId, weightOz, lengthIn, widthIn, heightIn, orderTotal, itemCount, store,
                requestedService, shipTo);
    }

    private static ShipTo shipTo(JsonParser parser, DocumentValues.Unusable unusable) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return ShipTo.UNKNOWN;
        }
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            unusable.report("order.shipTo must be a JSON object");
            return ShipTo.UNKNOWN;
        }
        Optional<String> country = Optional.empty();
        Optional<String> state = Optional.empty();
        Optional<String> postalCode = Optional.empty();
        boolean residential = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            String name = "order.shipTo." + field;
            switch (field) {
                case "country" -> country = DocumentValues.keyword(parser, name, unusable);
                case "state" -> state = DocumentValues.keyword(parser, name, unusable);
                case "postalCode" -> postalCode = DocumentValues.keyword(parser, name, unusable);
                case "residential" -> residential = DocumentValues.flag(parser, name, unusable);
                default -> parser.skipChildren();
            }
        }
        return new ShipTo(country, state, postalCode, residential);
    }
}
