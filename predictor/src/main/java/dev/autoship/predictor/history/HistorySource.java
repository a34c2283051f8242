package dev.autoship.predictor.history;

import java.time.Instant;
import java.util.List;

/** Where a customer's shipment history comes from (the embedded demo data set or Elasticsearch). */
public interface HistorySource extends AutoCloseable {

    /**
     * The customer's shipments shipped at or after {@code since}, newest first, at most {@code max}.
     *
     * @throws HistoryUnavailableException when the store cannot be reached in time
     */
    List<Shipment> recentShipments(String customerId, Instant since, int max);

    @Override
    default void close() {
    }
}
