package dev.autoship.predictor.history;

/** How an order was (or will be) shipped: the three parts are predicted together as one combination. */
public record ShipmentChoice(String carrier, String service, String packaging) {
}
