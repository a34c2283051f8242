package dev.autoship.predictor.history;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.autoship.predictor.order.Order;
import dev.autoship.predictor.order.ShipTo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The contract's fields of one shipments-index document, gathered by their full path whichever way the document
 * writes them. Elasticsearch reads a dot in a field name as a level of objects: {@code {"shipment.carrier": "UPS"}},
 * {@code {"shipment": {"carrier": "UPS"}}} and {@code {"order": {"shipTo.state": "TX"}}} index the same fields, and
 * shops' pipelines write either (flattened records, ingest processors). The source keeps the form it was given, so a
 * path is what a value is known by here. Values follow {@link DocumentValues}; one instance per document.
 */
final class DocumentFields {

    private final List<String> unusable = new ArrayList<>(0);
    private final DocumentValues.Unusable report = unusable::add;

    private Optional<String> orderId = Optional.empty();
    private OptionalDouble weightOz = OptionalDouble.empty();
    private OptionalDouble lengthIn = OptionalDouble.empty();
    private OptionalDouble widthIn = OptionalDouble.empty();
    private OptionalDouble heightIn = OptionalDouble.empty();
    private OptionalDouble orderTotal = OptionalDouble.empty();
    private OptionalInt itemCount = OptionalInt.empty();
    private Optional<String> store = Optional.empty();
    private Optional<String> requestedService = Optional.empty();
    private Optional<String> country = Optional.empty();
    private Optional<String> state = Optional.empty();
    private Optional<String> postalCode = Optional.empty();
    private boolean residential;
    private Optional<String> carrier = Optional.empty();
    private Optional<String> service = Optional.empty();
    private Optional<String> packaging = Optional.empty();
    /** Whether the document says anything of its shipment (an object, a dotted field or a value that is neither). */
    private boolean shipmentSeen;
    /** Why the shipment cannot be used when it is there but no object: reported as the document's flaw. */
    private String shipmentFlaw;

    /** Reads the document object at the parser's current token, up to and including its end. */
    void readDocument(JsonParser parser) throws IOException {
        readFields(parser, "");
    }

    /**
     * Reads the value at the parser's current token as the field at {@code path} (dots between levels); what the
     * contract does not name is skipped, whatever it holds.
     */
    private void read(String path, JsonParser parser) throws IOException {
        switch (path) {
            case "orderId" -> orderId = DocumentValues.keyword(parser, "document.orderId", report);
            case "order", "order.shipTo" -> object(path, parser);
            case "shipment" -> {
                JsonToken token = parser.currentToken();
                shipmentSeen |= token != JsonToken.VALUE_NULL;
                if (token == JsonToken.START_OBJECT) {
                    readFields(parser, path + ".");
                } else if (token != JsonToken.VALUE_NULL) {
                    parser.skipChildren();
                    shipmentFlaw = "shipment must be a JSON object";
                    report.report(shipmentFlaw);
                }
            }
            case "order.weightOz" -> weightOz = DocumentValues.number(parser, path, report);
            case "order.lengthIn" -> lengthIn = DocumentValues.number(parser, path, report);
            case "order.widthIn" -> widthIn = DocumentValues.number(parser, path, report);
            case "order.heightIn" -> heightIn = DocumentValues.number(parser, path, report);
            case "order.orderTotal" -> orderTotal = DocumentValues.number(parser, path, report);
            case "order.itemCount" -> itemCount = DocumentValues.count(parser, path, report);
            case "order.store" -> store = DocumentValues.keyword(parser, path, report);
            case "order.requestedService" -> requestedService = DocumentValues.keyword(parser, path, report);
            case "order.shipTo.country" -> country = DocumentValues.keyword(parser, path, report);
            case "order.shipTo.state" -> state = DocumentValues.keyword(parser, path, report);
            case "order.shipTo.postalCode" -> postalCode = DocumentValues.keyword(parser, path, report);
            case "order.shipTo.residential" -> residential = DocumentValues.flag(parser, path, report);
            case "shipment.carrier", "shipment.service", "shipment.packaging" ->
                    shipmentPart(path, DocumentValues.keyword(parser, path, report));
            default -> parser.skipChildren();
        }
    }

    private void shipmentPart(String path, Optional<String> value) {
        shipmentSeen = true;
        switch (path) {
            case "shipment.carrier" -> carrier = value;
            case "shipment.service" -> service = value;
            default -> packaging = value;
        }
    }

    /** An object the contract names ({@code order}, its {@code shipTo}): null is absent, another value unusable. */
    private void object(String path, JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            readFields(parser, path + ".");
        } else if (token != JsonToken.VALUE_NULL) {
            parser.skipChildren();
            report.report(path + " must be a JSON object");
        }
    }

    private void readFields(JsonParser parser, String prefix) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            read(prefix.isEmpty() ? field : prefix + field, parser);
        }
    }

    Optional<String> orderId() {
        return orderId;
    }

    Order order(String id) {
        return new Order(id, weightOz, lengthIn, widthIn, heightIn, orderTotal, itemCount, store, requestedService,
                new ShipTo(country, state, postalCode, residential));
    }

    /** The shipment chosen, when all three of its parts are there and usable. */
    Optional<ShipmentChoice> choice() {
        if (carrier.isEmpty() || service.isEmpty() || packaging.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ShipmentChoice(carrier.get(), service.get(), packaging.get()));
    }

    /** Why the document has no usable shipment; only meaningful when {@link #choice()} is empty. */
    String missingShipment() {
        if (shipmentFlaw != null) {
            return shipmentFlaw;
        }
        if (!shipmentSeen) {
            return "shipment is required";
        }
        return "shipment." + (carrier.isEmpty() ? "carrier" : service.isEmpty() ? "service" : "packaging")
                + " is required";
    }

    List<String> unusable() {
        return unusable;
    }
}
