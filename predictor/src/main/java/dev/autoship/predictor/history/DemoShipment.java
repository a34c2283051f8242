package dev.autoship.predictor.history;

/**
 * A generated shipment together with the choice its customer's shipping rules make for it; the two
 * differ where label noise was added, which lets an evaluation know the best reachable accuracy.
 */
public record DemoShipment(Shipment shipment, ShipmentChoice ruleChoice) {
}
