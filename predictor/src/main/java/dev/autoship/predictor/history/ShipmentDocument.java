package dev.autoship.predictor.history;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import dev.autoship.predictor.order.Order;
import dev.autoship.predictor.order.OrderJson;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code _source} of a shipments-index document as training reads it, straight from the response's tokens
 * (no tree per document): the order ({@link DocumentOrder}) and the shipment chosen for it, other fields skipped.
 * The shipping time is not read here: every history query sorts by {@code shippedAt}, and the hit's sort value is
 * the time as Elasticsearch parsed it, whichever of the date formats it accepts the document used (ISO-8601 with
 * or without an offset, a date alone, epoch milliseconds). A document without its order id or a complete shipment
 * cannot be trained on and is {@link Malformed} (to be skipped and counted), never an error of the whole read.
 */
@JsonDeserialize(using = ShipmentDocument.Reader.class)
sealed interface ShipmentDocument {

    /**
     * A readable document: everything of the shipment but the customer, which the query names, and the time.
     *
     * @param unusable why values were left absent (empty for most documents)
     */
    record Readable(Order order, ShipmentChoice choice, List<String> unusable) implements ShipmentDocument {
        public Readable {
            unusable = List.copyOf(unusable);
        }

        Shipment shipment(String customerId, Instant shippedAt) {
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
            Optional<String> orderId = Optional.empty();
            Order order = null;
            ShipmentChoice choice = null;
            boolean shipmentSeen = false;
            List<String> unusable = new ArrayList<>(0);
            DocumentValues.Unusable report = unusable::add;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "orderId" -> orderId = DocumentValues.keyword(parser, "document.orderId", report);
                    // the id comes from beside the order, which may come first: the order gets it at the end
                    case "order" -> order = DocumentOrder.read(parser, "", report);
                    case "shipment" -> {
                        shipmentSeen = parser.currentToken() != JsonToken.VALUE_NULL;
                        choice = shipment(parser, report);
                    }
                    default -> parser.skipChildren();
                }
            }
            if (orderId.isEmpty()) {
                return new Malformed("document.orderId is required");
            }
            if (!shipmentSeen) {
                return new Malformed("shipment is required");
            }
            if (choice == null) {
                return new Malformed(unusable.getLast());
            }
            return new Readable(order == null ? OrderJson.idOnly(orderId.get()) : order.withOrderId(orderId.get()),
                    choice, unusable);
        }

        /** The shipment chosen, or null (with the reason reported) when a part of it is missing or unusable. */
        private static ShipmentChoice shipment(JsonParser parser, DocumentValues.Unusable unusable) throws IOException {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                unusable.report("shipment must be a JSON object");
                return null;
            }
            Optional<String> carrier = Optional.empty();
            Optional<String> service = Optional.empty();
            Optional<String> packaging = Optional.empty();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "carrier" -> carrier = DocumentValues.keyword(parser, "shipment.carrier", unusable);
                    case "service" -> service = DocumentValues.keyword(parser, "shipment.service", unusable);
                    case "packaging" -> packaging = DocumentValues.keyword(parser, "shipment.packaging", unusable);
                    default -> parser.skipChildren();
                }
            }
            if (carrier.isEmpty() || service.isEmpty() || packaging.isEmpty()) {
                unusable.report("shipment." + (carrier.isEmpty() ? "carrier" : service.isEmpty() ? "service" : "packaging")
                        + " is required");
                return null;
            }
            return new ShipmentChoice(carrier.get(), service.get(), packaging.get());
        }
    }
}
