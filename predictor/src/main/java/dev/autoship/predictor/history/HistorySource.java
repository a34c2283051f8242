package dev.autoship.predictor.history;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Where a customer's shipment history comes from (the embedded demo data set or Elasticsearch). */
public interface HistorySource extends AutoCloseable {

    /**
     * The customer's shipments shipped at or after {@code since}, newest first, at most {@code max}.
     *
     * @throws HistoryUnavailableException when the store cannot be reached in time
     */
    List<Shipment> recentShipments(String customerId, Instant since, int max);

    /**
     * The customer's shipments after {@code after} in shipping order (shipping time, then order id), shipped at or
     * before {@code until}, oldest first, at most {@code max}: what arrived since a reader last looked.
     *
     * @throws HistoryUnavailableException when the store cannot be reached in time
     */
    default ShipmentPage shipmentsAfter(String customerId, ShipmentPosition after, Instant until, int max) {
        List<Shipment> page = recentShipments(customerId, after.shippedAt(), Integer.MAX_VALUE).stream()
                .filter(shipment -> ShipmentPosition.of(shipment).compareTo(after) > 0 && !shipment.shippedAt().isAfter(until))
                .sorted(Comparator.comparing(ShipmentPosition::of))
                .limit(max)
                .toList();
        return new ShipmentPage(page, page.isEmpty() ? after : ShipmentPosition.of(page.getLast()), page.size() == max);
    }

    @Override
    default void close() {
    }
}
