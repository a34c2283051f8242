package dev.autoship.predictor.cache;

import dev.autoship.predictor.model.ShipmentModel;

import java.time.Instant;

/** A customer's model, where it came from, and until when it is used. */
public record ModelLookup(ShipmentModel model, ModelSource source, Instant expiresAt) {
}
