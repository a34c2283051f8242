package dev.autoship.predictor.outcome;

import dev.autoship.predictor.history.Shipment;

/** A logged prediction resolved by the shipment of its order: matched when the order went out as predicted. */
record Outcome(PredictionRecord prediction, Shipment shipment) {

    boolean matched() {
        return prediction.shipment().equals(shipment.shipment());
    }

    Tally tally() {
        return Tally.of(matched(), prediction.autoShip());
    }
}
