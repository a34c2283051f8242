package dev.autoship.predictor.history;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

/**
 * A place in a customer's shipments taken in shipping order (shipping time, then order id): where a reader that
 * follows the shipments as they arrive has got to. Times count in milliseconds, as Elasticsearch sorts dates.
 */
public record ShipmentPosition(Instant shippedAt, String orderId) implements Comparable<ShipmentPosition> {

    private static final Comparator<ShipmentPosition> ORDER =
            Comparator.comparing(ShipmentPosition::shippedAt).thenComparing(ShipmentPosition::orderId);

    public ShipmentPosition {
        shippedAt = shippedAt.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Before every shipment shipped at or after {@code time}. */
    public static ShipmentPosition before(Instant time) {
        return new ShipmentPosition(time.minusMillis(1), "\uffff");
    }

    public static ShipmentPosition of(Shipment shipment) {
        return new ShipmentPosition(shipment.shippedAt(), shipment.order().orderId());
    }

    @Override
    public int compareTo(ShipmentPosition other) {
        return ORDER.compare(this, other);
    }
}
