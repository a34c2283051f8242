package dev.autoship.predictor.cache;

import dev.autoship.predictor.history.HistorySource;
import dev.autoship.predictor.history.Shipment;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts how often a real history source is read, i.e. how often a model is trained. */
final class CountingHistory implements HistorySource {

    private final HistorySource history;
    private final AtomicInteger reads = new AtomicInteger();

    CountingHistory(HistorySource history) {
        this.history = history;
    }

    @Override
    public List<Shipment> recentShipments(String customerId, Instant since, int max) {
        reads.incrementAndGet();
        return history.recentShipments(customerId, since, max);
    }

    int reads() {
        return reads.get();
    }
}
