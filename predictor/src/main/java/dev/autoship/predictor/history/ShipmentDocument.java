package dev.autoship.predictor.history;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import dev.autoship.predictor.order.Order;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code _source} of a shipments-index document as training reads it, straight from the response's tokens
 * (no tree per document): the order and the shipment chosen for it ({@link DocumentFields}, nested or dotted), other
 * fields skipped.
 * The shipping time is not read here: every history query sorts by {@code shippedAt}, and the hit's sort value is
 * the time as Elasticsearch parsed it, whichever of the date formats it accepts the document used (ISO-8601 with
 * or without an offset, a date alone, epoch milliseconds), in milliseconds even where an index maps the field as
 * {@code date_nanos} (the sorts ask for {@code numeric_type: date}). A document without its order id or a complete shipment
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
            DocumentFields fields = new DocumentFields();
            fields.readDocument(parser);
            Optional<String> orderId = fields.orderId();
            if (orderId.isEmpty()) {
                return new Malformed("document.orderId is required");
            }
            Optional<ShipmentChoice> choice = fields.choice();
            if (choice.isEmpty()) {
                return new Malformed(fields.missingShipment());
            }
            return new Readable(fields.order(orderId.get()), choice.get(), fields.unusable());
        }
    }
}
