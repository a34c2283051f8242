package dev.autoship.predictor.order;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An order to ship, as the main application knows it before shipping.
 * Weights in ounces, dimensions in inches; dimensions are optional (unknown until packed).
 */
public record Order(
        String orderId,
        double weightOz,
        OptionalDouble lengthIn,
        OptionalDouble widthIn,
        OptionalDouble heightIn,
        double orderTotal,
        int itemCount,
        Optional<String> store,
        Optional<String> requestedService,
        ShipTo shipTo) {
}
