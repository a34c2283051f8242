package dev.autoship.predictor.model;

import java.time.Instant;

/** A customer's model, where it came from, and until when it is used. */
public record ModelLookup(ShipmentModel model, ModelSource source, Instant expiresAt) {
}
