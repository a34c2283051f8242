package dev.autoship.predictor.history;

import dev.autoship.predictor.order.Order;

import java.time.Instant;

/** One shipped order of a customer: what was ordered and how it went out. */
public record Shipment(String customerId, Instant shippedAt, Order order, ShipmentChoice shipment) {
}
