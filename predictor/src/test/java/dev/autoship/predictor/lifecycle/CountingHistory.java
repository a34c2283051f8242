package dev.autoship.predictor.lifecycle;

import dev.autoship.predictor.history.HistorySource;
import dev.autoship.predictor.history.Shipment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts how often a real history source is read, i.e. how often a model is trained, and how many reads
 * overlapped at most; a read can be made slow, like a remote store's.
 */
final class CountingHistory implements HistorySource {

    private final HistorySource history;
    private final Duration latency;
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    CountingHistory(HistorySource history) {
        this(history, Duration.ZERO);
    }

    CountingHistory(HistorySource history, Duration latency) {
        this.history = history;
        this.latency = latency;
    }

    @Override
    public List<Shipment> recentShipments(String customerId, Instant since, int max) {
        reads.incrementAndGet();
        mostAtOnce.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
        try {
            Thread.sleep(latency);
            return history.recentShipments(customerId, since, max);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            inProgress.decrementAndGet();
        }
    }

    @Override
    public List<String> someCustomers(Instant since, int minShipments, int max) {
        return history.someCustomers(since, minShipments, max);
    }

    @Override
    public List<String> busiestRecently(Instant since, int sampled, int max) {
        return history.busiestRecently(since, sampled, max);
    }

    int mostAtOnce() {
        return mostAtOnce.get();
    }

    int reads() {
        return reads.get();
    }
}
