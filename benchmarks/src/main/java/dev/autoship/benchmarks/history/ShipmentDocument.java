package dev.autoship.benchmarks.history;

/** One document (shippedAt ISO-8601) of the {@code shipments} index as DESIGN.md fixes it. */
public record ShipmentDocument(String customerId, String orderId, String shippedAt, Order order, ShipmentChoice shipment) {
}
