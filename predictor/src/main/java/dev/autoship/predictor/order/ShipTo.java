package dev.autoship.predictor.order;

import java.util.Optional;

/** Destination of an order. {@code country} is an ISO code such as US; the other parts may be unknown. */
public record ShipTo(String country, Optional<String> state, Optional<String> postalCode, boolean residential) {
}
