package dev.autoship.predictor.order;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * An order to ship, as the main application knows it before shipping.
 * Weights in ounces, dimensions in inches. Only {@code orderId} is always known: every other field may be
 * absent (no dimensions before packing, no state abroad, ...).
 */
public record Order(
        String orderId,
        OptionalDouble weightOz,
        OptionalDouble lengthIn,
        OptionalDouble widthIn,
        OptionalDouble heightIn,
        OptionalDouble orderTotal,
        OptionalInt itemCount,
        Optional<String> store,
        Optional<String> requestedService,
        ShipTo shipTo) {

    /** This order under another id (a history document keeps the id beside the order). */
    public Order withOrderId(String id) {
        return new Order(id, weightOz, lengthIn, widthIn, heightIn, orderTotal, itemCount, store, requestedService, shipTo);
    }
}
