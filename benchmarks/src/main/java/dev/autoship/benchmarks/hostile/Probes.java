package dev.autoship.benchmarks.hostile;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A health probe and a prediction probe sent together on a fixed schedule, each on its own virtual thread, so a
 * probe left waiting for an answer delays none of the next (as kubelet and a load balancer keep probing).
 */
final class Probes {
    private static final Duration SETTLE = Duration.ofSeconds(1);

    private final Duration period;
    private final Supplier<ProbeAnswer> health;
    private final IntFunction<ProbeAnswer> prediction;
    private final Queue<ProbeAnswer> healthAnswers = new ConcurrentLinkedQueue<>();
    private final Queue<ProbeAnswer> predictionAnswers = new ConcurrentLinkedQueue<>();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean stopped;
    private Thread scheduler;

    /** @param prediction given the probe's sequence number, so successive probes can send different orders */
    Probes(Duration period, Supplier<ProbeAnswer> health, IntFunction<ProbeAnswer> prediction) {
        this.period = period;
        this.health = health;
        this.prediction = prediction;
    }

    void start() {
        long start = System.nanoTime();
        scheduler = Thread.ofPlatform().daemon().name("probes").start(() -> {
            for (int sequence = 0; !stopped; sequence++) {
                long due = start + sequence * period.toNanos();
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                int order = sequence;
                senders.submit(() -> healthAnswers.add(health.get()));
                senders.submit(() -> predictionAnswers.add(prediction.apply(order)));
            }
        });
    }

    /**
     * Waits (at most {@code atMost}) until a prediction probe sent after {@code afterNanos} was answered, then a
     * little longer, so that predictions answering again is seen on more than one probe.
     */
    void awaitPredictionAfter(long afterNanos, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline
                && predictionAnswers.stream().noneMatch(p -> p.sentAtNanos() > afterNanos && p.answered())) {
            Thread.sleep(50);
        }
        Thread.sleep(SETTLE);
    }

    /** Stops sending and waits for the probes under way (each has its own deadline). */
    void stop() throws InterruptedException {
        stopped = true;
        scheduler.join();
        senders.shutdown();
        if (!senders.awaitTermination(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("probes still waiting a minute after their deadline");
        }
    }

    List<ProbeAnswer> health() {
        return healthAnswers.stream().sorted(Comparator.comparingLong(ProbeAnswer::sentAtNanos)).toList();
    }

    List<ProbeAnswer> predictions() {
        return predictionAnswers.stream().sorted(Comparator.comparingLong(ProbeAnswer::sentAtNanos)).toList();
    }
}
