package dev.autoship.predictor.order;

import java.util.Optional;

/**
 * Destination of an order. {@code country} is an ISO code such as US; any part may be unknown.
 * {@code residential} is false unless the order says it is true (absent and false give the same features).
 */
public record ShipTo(Optional<String> country, Optional<String> state, Optional<String> postalCode, boolean residential) {

    /** A destination nothing is known about. */
    public static final ShipTo UNKNOWN = new ShipTo(Optional.empty(), Optional.empty(), Optional.empty(), false);
}
