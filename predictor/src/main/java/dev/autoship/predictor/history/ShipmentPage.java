package dev.autoship.predictor.history;

import java.util.List;

/**
 * Shipments of one customer in shipping order, read after a position.
 *
 * @param end  the position of the last shipment read (malformed documents included), or the one read after when none
 * @param full whether the page was filled: more shipments may follow
 */
public record ShipmentPage(List<Shipment> shipments, ShipmentPosition end, boolean full) {
}
