package dev.autoship.predictor.cache;

import dev.autoship.predictor.history.HistorySource;
import dev.autoship.predictor.history.Shipment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real history source whose reads of chosen customers wait until the test lets them go, so that an instance is
 * caught in the middle of a training (holding the customer's lock); it also remembers every customer read.
 */
final class HeldHistory implements HistorySource {

    /** A held read gives up after this, so a test that fails never leaves a training thread behind for good. */
    private static final Duration LONGEST_HOLD = Duration.ofSeconds(30);

    private record Hold(CountDownLatch reading, CountDownLatch released) {
    }

    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final Set<String> read = ConcurrentHashMap.newKeySet();
    private volatile HistorySource history;

    /** This, reading {@code real} (as {@link PredictorInstance#start(Map, java.util.function.UnaryOperator)} wraps it). */
    HistorySource around(HistorySource real) {
        this.history = real;
        return this;
    }

    /** The next reads of {@code customerId} wait for {@link #release}. */
    void hold(String customerId) {
        holds.put(customerId, new Hold(new CountDownLatch(1), new CountDownLatch(1)));
    }

    /** Waits until a read of {@code customerId} is being held; false if none came within {@code within}. */
    boolean awaitReading(String customerId, Duration within) throws InterruptedException {
        return holds.get(customerId).reading().await(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    void release(String customerId) {
        Hold hold = holds.remove(customerId);
        if (hold != null) {
            hold.released().countDown();
        }
    }

    /** Forgets the reads so far (a starting instance rehearses its cold path on a few real histories). */
    void forgetReads() {
        read.clear();
    }

    boolean wasRead(String customerId) {
        return read.contains(customerId);
    }

    @Override
    public List<Shipment> recentShipments(String customerId, Instant since, int max) {
        read.add(customerId);
        Hold hold = holds.get(customerId);
        if (hold != null) {
            hold.reading().countDown();
            try {
                if (!hold.released().await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("held read of " + customerId + " never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return history.recentShipments(customerId, since, max);
    }

    @Override
    public List<String> someCustomers(Instant since, int minShipments, int max) {
        return history.someCustomers(since, minShipments, max);
    }

    @Override
    public List<String> busiestRecently(Instant since, int sampled, int max) {
        return history.busiestRecently(since, sampled, max);
    }
}
