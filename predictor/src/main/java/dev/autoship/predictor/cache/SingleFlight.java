package dev.autoship.predictor.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * At most one load per key at a time: the first caller starts it, callers arriving while it runs join it.
 * The load runs where {@code start} puts it (not on the first caller's thread), so a caller that gives up
 * waiting does not cut the load short for the others.
 */
public final class SingleFlight<K, V> {

    /** The load a caller waits for, and whether this caller started it. */
    public record Flight<V>(CompletableFuture<V> result, boolean started) {
    }

    private final ConcurrentMap<K, CompletableFuture<V>> running = new ConcurrentHashMap<>();

    /** @param start starts the load of the key and returns its (not yet complete) result */
    public Flight<V> join(K key, Function<K, CompletableFuture<V>> start) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> existing = running.putIfAbsent(key, mine);
        if (existing != null) {
            return new Flight<>(existing, false);
        }
        try {
            start.apply(key).whenComplete((value, failure) -> {
                running.remove(key, mine);
                if (failure != null) {
                    mine.completeExceptionally(failure);
                } else {
                    mine.complete(value);
                }
            });
        } catch (RuntimeException | Error e) {
            running.remove(key, mine);
            mine.completeExceptionally(e);
        }
        return new Flight<>(mine, true);
    }

    public int size() {
        return running.size();
    }
}
