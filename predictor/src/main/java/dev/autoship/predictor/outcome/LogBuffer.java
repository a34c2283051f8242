package dev.autoship.predictor.outcome;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A bounded buffer in front of a writer that may block: callers {@linkplain #offer offer} entries without ever
 * waiting (a full buffer drops the entry and counts it), and one thread of its own hands them to the writer.
 * When the writer is slow or stuck, only that thread waits, and the buffer fills and drops. An offer never wakes
 * that thread (a wake-up per entry cost more than the entry): it looks for entries every {@link #IDLE_WAIT}.
 */
final class LogBuffer<T> implements AutoCloseable {

    static final Duration IDLE_WAIT = Duration.ofMillis(20);
    /** How long closing waits for the writer's thread once told to stop (a writer stuck in I/O is left behind). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(1);

    private final int capacity;
    private final Queue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Consumer<T> writer;
    private final LongConsumer dropped;
    private final Thread drainer;
    private volatile boolean open = true;
    private volatile boolean stopped;

    /**
     * @param writer  takes one entry at a time (on the buffer's thread; may block)
     * @param dropped told how many entries were dropped because the buffer was full
     */
    LogBuffer(String name, int capacity, Consumer<T> writer, LongConsumer dropped) {
        this.capacity = capacity;
        this.writer = writer;
        this.dropped = dropped;
        this.drainer = Thread.ofPlatform().name(name).daemon(true).start(this::drain);
    }

    /** Takes the entry unless the buffer is full (then it is dropped and counted); never waits. */
    boolean offer(T entry) {
        // a full buffer is seen with a read alone: while it stays full, callers write nothing they share
        if (!open || size.get() >= capacity) {
            dropped.accept(1);
            return false;
        }
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            dropped.accept(1);
            return false;
        }
        queue.add(entry);
        return true;
    }

    int size() {
        return size.get();
    }

    private void drain() {
        while (!stopped && (open || !queue.isEmpty())) {
            T next = queue.poll();
            if (next == null) {
                LockSupport.parkNanos(IDLE_WAIT.toNanos());
                if (Thread.interrupted()) {
                    break;
                }
                continue;
            }
            size.decrementAndGet();
            if (stopped) {
                dropped.accept(1);
            } else {
                writer.accept(next);
            }
        }
    }

    /**
     * Stops taking entries; hands the ones left to the writer for at most {@code grace}, then stops the writer's
     * thread (interrupting a writer that waits) and counts what is left as dropped.
     */
    void close(Duration grace) {
        open = false;
        try {
            drainer.join(grace);
            stopped = true;
            drainer.interrupt();
            drainer.join(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long left = 0;
        while (queue.poll() != null) {
            left++;
        }
        if (left > 0) {
            dropped.accept(left);
        }
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
