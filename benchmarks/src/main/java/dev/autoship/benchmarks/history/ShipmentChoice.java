package dev.autoship.benchmarks.history;

/** How an order was shipped: the label the predictor learns. */
public record ShipmentChoice(String carrier, String service, String packaging) {
}
