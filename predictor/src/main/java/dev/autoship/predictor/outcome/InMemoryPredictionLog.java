package dev.autoship.predictor.outcome;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The prediction log of embedded mode: the newest {@code capacity} predictions in process memory, the oldest
 * forgotten first. Recording takes no lock.
 */
public final class InMemoryPredictionLog implements PredictionLog {

    static final int CAPACITY = 100_000;

    private final int capacity;
    private final Queue<PredictionRecord> entries = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    public InMemoryPredictionLog() {
        this(CAPACITY);
    }

    InMemoryPredictionLog(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public void record(PredictionRecord prediction) {
        entries.add(prediction);
        if (size.incrementAndGet() > capacity && entries.poll() != null) {
            size.decrementAndGet();
        }
    }

    @Override
    public Map<String, PredictionRecord> latestByOrder(String customerId, Collection<String> orderIds, Instant since) {
        Set<String> wanted = new HashSet<>(orderIds);
        Map<String, PredictionRecord> latest = new HashMap<>();
        for (PredictionRecord entry : entries) {
            if (entry.customerId().equals(customerId) && wanted.contains(entry.orderId())
                    && !entry.predictedAt().isBefore(since)) {
                latest.merge(entry.orderId(), entry, (a, b) -> b.predictedAt().isAfter(a.predictedAt()) ? b : a);
            }
        }
        return latest;
    }

    @Override
    public Counts count(String customerId, Instant modelTrainedAt, Instant since) {
        long all = 0;
        long ofModel = 0;
        for (PredictionRecord entry : entries) {
            if (entry.customerId().equals(customerId) && !entry.predictedAt().isBefore(since)) {
                all++;
                if (entry.modelTrainedAt().equals(modelTrainedAt)) {
                    ofModel++;
                }
            }
        }
        return new Counts(all, ofModel);
    }
}
