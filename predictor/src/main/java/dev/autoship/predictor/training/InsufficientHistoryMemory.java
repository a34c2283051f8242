package dev.autoship.predictor.training;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Customers recently found with too little history, remembered for a short time so that repeated requests
 * for them (unknown ids above all) are answered without reading history again. Bounded: when full, expired
 * entries are dropped, and if none has expired a new customer is simply not remembered.
 */
public final class InsufficientHistoryMemory {

    private record Found(int shipments, long untilMillis) {
    }

    private final Duration ttl;
    private final int maxCustomers;
    private final Clock clock;
    private final Map<String, Found> found = new ConcurrentHashMap<>();

    /** @param ttl zero: remember nothing */
    public InsufficientHistoryMemory(Duration ttl, int maxCustomers, Clock clock) {
        this.ttl = ttl;
        this.maxCustomers = maxCustomers;
        this.clock = clock;
    }

    public void remember(String customerId, int shipments) {
        if (ttl.isZero()) {
            return;
        }
        long now = clock.millis();
        if (found.size() >= maxCustomers) {
            found.values().removeIf(entry -> entry.untilMillis() <= now);
            if (found.size() >= maxCustomers) {
                return;
            }
        }
        found.put(customerId, new Found(shipments, now + ttl.toMillis()));
    }

    /** How many shipments the customer had when last found short, if that is recent enough to still hold. */
    public OptionalInt shipments(String customerId) {
        Found entry = found.get(customerId);
        if (entry == null) {
            return OptionalInt.empty();
        }
        if (clock.millis() >= entry.untilMillis()) {
            found.remove(customerId, entry);
            return OptionalInt.empty();
        }
        return OptionalInt.of(entry.shipments());
    }

    public void forget(String customerId) {
        found.remove(customerId);
    }
}
