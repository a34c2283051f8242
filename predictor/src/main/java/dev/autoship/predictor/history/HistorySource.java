package dev.autoship.predictor.history;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

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

    /**
     * Up to {@code max} customers with at least {@code minShipments} shipments since {@code since} (for warming up
     * the read path of a starting instance); empty when the store cannot say.
     *
     * @throws HistoryUnavailableException when the store cannot be reached in time
     */
    default List<String> someCustomers(Instant since, int minShipments, int max) {
        return List.of();
    }

    /**
     * Up to {@code max} customers with the most shipments among the newest {@code sampled} shipments of the store
     * shipped at or after {@code since}, busiest first: customers whose histories are likely large, found at a cost
     * that does not grow with the store (a starting instance rehearses its read path on them); empty when the store
     * cannot say.
     *
     * @throws HistoryUnavailableException when the store cannot be reached in time
     */
    default List<String> busiestRecently(Instant since, int sampled, int max) {
        return List.of();
    }

    /** The customers of {@code shipments} (shipments per customer), busiest first (ties by name), at most {@code max}. */
    static List<String> busiestFirst(Map<String, Integer> shipments, int max) {
        return shipments.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(max)
                .map(Map.Entry::getKey)
                .toList();
    }

    @Override
    default void close() {
    }
}
