package dev.autoship.predictor.history;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import dev.autoship.predictor.order.InvalidOrderException;
import dev.autoship.predictor.order.Order;
import dev.autoship.predictor.order.OrderJson;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The {@code _source} of a shipments-index document as training reads it, straight from the response's tokens
 * (no tree per document): the fields of {@link ElasticsearchHistory#SOURCE_FIELDS} by the rules of
 * {@link ElasticsearchHistory#shipment}, other fields skipped. A document that breaks them is {@link Malformed}
 * (to be skipped and counted), never an error of the whole read.
 */
@JsonDeserialize(using = ShipmentDocument.Reader.class)
sealed interface ShipmentDocument {

    /** A readable document: everything of the shipment but the customer, which the query names. */
    record Readable(Instant shippedAt, Order order, ShipmentChoice choice) implements ShipmentDocument {
        Shipment shipment(String customerId) {
            return new Shipment(customerId, shippedAt, order, choice);
        }
    }

    /** A document training cannot use, and why. */
    record Malformed(String reason) implements ShipmentDocument {
    }

    final class Reader extends StdDeserializer<ShipmentDocument> {

        Reader() {
            super(ShipmentDocument.class);
        }

        @Override
        public ShipmentDocument deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return new Malformed("document must be a JSON object");
            }
            int outside = parser.getParsingContext().getNestingDepth() - 1;
            try {
                return read(parser);
            } catch (InvalidOrderException | DateTimeParseException e) {
                // the rest of the document is left unread: step over it to the token that ends it
                while (!(parser.currentToken() == JsonToken.END_OBJECT
                        && parser.getParsingContext().getNestingDepth() == outside)) {
                    parser.nextToken();
                }
                return new Malformed(e.getMessage());
            }
        }

        private static ShipmentDocument read(JsonParser parser) throws IOException {
            Optional<String> orderId = Optional.empty();
            Optional<String> shippedAt = Optional.empty();
            Order order = null;
            ShipmentChoice choice = null;
            boolean shipmentSeen = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "orderId" -> orderId = OrderJson.optionalText(parser, "document", field);
                    case "shippedAt" -> shippedAt = OrderJson.optionalText(parser, "document", field);
                    // the id comes from beside the order, whichever of the two the document names first
                    case "order" -> order = OrderJson.read(parser, "order", "");
                    case "shipment" -> {
                        shipmentSeen = parser.currentToken() != JsonToken.VALUE_NULL;
                        choice = shipment(parser);
                    }
                    default -> parser.skipChildren();
                }
            }
            String id = orderId.orElseThrow(() -> new InvalidOrderException("document.orderId is required"));
            Instant shipped = OffsetDateTime.parse(shippedAt.orElseThrow(
                    () -> new InvalidOrderException("document.shippedAt is required"))).toInstant();
            if (!shipmentSeen) {
                throw new InvalidOrderException("shipment is required");
            }
            return new Readable(shipped, order == null ? OrderJson.idOnly(id) : order.withOrderId(id),
                    choice);
        }

        private static ShipmentChoice shipment(JsonParser parser) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                throw new InvalidOrderException("shipment must be a JSON object");
            }
            Optional<String> carrier = Optional.empty();
            Optional<String> service = Optional.empty();
            Optional<String> packaging = Optional.empty();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "carrier" -> carrier = OrderJson.optionalText(parser, "shipment", field);
                    case "service" -> service = OrderJson.optionalText(parser, "shipment", field);
                    case "packaging" -> packaging = OrderJson.optionalText(parser, "shipment", field);
                    default -> parser.skipChildren();
                }
            }
            return new ShipmentChoice(required(carrier, "carrier"), required(service, "service"),
                    required(packaging, "packaging"));
        }

        private static String required(Optional<String> value, String field) {
            return value.orElseThrow(() -> new InvalidOrderException("shipment." + field + " is required"));
        }
    }
}
