package dev.autoship.predictor.model;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a model is used: until its training time plus the TTL shortened by up to {@code jitter} of it
 * (so models trained together do not expire together), and from {@code refreshAt} of that life on it is
 * refreshed in the background while still answering. The jitter is derived from the customer and the
 * training time, so every instance computes the same life for the same model without storing it.
 *
 * @param ttl       the longest a model is used (memory and shared cache)
 * @param jitter    share of the TTL a model's life may be shortened by, 0..0.5
 * @param refreshAt share of its life after which a model is refreshed ahead of expiry, in (0, 1]
 */
public record ModelLifetime(Duration ttl, double jitter, double refreshAt) {

    public ModelLifetime {
        if (ttl.isNegative() || ttl.isZero() || !(jitter >= 0 && jitter <= 0.5) || !(refreshAt > 0 && refreshAt <= 1)) {
            throw new IllegalArgumentException("not a model lifetime: TTL " + ttl + ", jitter " + jitter
                    + ", refresh at " + refreshAt);
        }
    }

    /** This model's life: the TTL less its share of jitter. */
    public Duration life(String customerId, Instant trainedAt) {
        long hash = customerId.hashCode() * 0x9E3779B97F4A7C15L ^ trainedAt.getEpochSecond() * 0xC2B2AE3D27D4EB4FL
                ^ trainedAt.getNano();
        hash ^= hash >>> 31;
        hash *= 0xBF58476D1CE4E5B9L;
        hash ^= hash >>> 29;
        double share = (hash >>> 11) * 0x1.0p-53;
        return Duration.ofMillis(Math.max(1, Math.round(ttl.toMillis() * (1 - jitter * share))));
    }

    public Instant expiresAt(ShipmentModel model) {
        return model.trainedAt().plus(life(model.customerId(), model.trainedAt()));
    }

    public Instant refreshAt(ShipmentModel model) {
        Duration life = life(model.customerId(), model.trainedAt());
        return model.trainedAt().plusMillis(Math.round(life.toMillis() * refreshAt));
    }
}
