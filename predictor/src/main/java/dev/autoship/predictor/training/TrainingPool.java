package dev.autoship.predictor.training;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads models are trained on: a fixed number of platform threads, apart from the virtual threads
 * that serve requests. Training is CPU work; on a request's virtual thread it would pin one of the few
 * carrier threads for its whole duration and stall every request (health probes included). Here it
 * competes with serving only through the OS scheduler, and at most {@code threads} models train at once
 * (each holds its history and growing forest in the heap); further trainings queue in arrival order, at most
 * {@code maxQueued} of them (each holds its history in the heap while it waits): beyond that a training is
 * refused at once with {@link TrainingQueueFullException}.
 */
public final class TrainingPool implements AutoCloseable {

    private final ThreadPoolExecutor executor;

    public TrainingPool(int threads, int maxQueued) {
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(maxQueued),
                task -> {
                    Thread thread = new Thread(task, "model-training-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Runs {@code training} on a training thread and waits for it (the caller is a virtual thread: waiting is cheap).
     *
     * @throws TrainingQueueFullException when every thread is busy and the queue is full
     */
    public <T> T run(Callable<T> training) {
        return await(submit(training));
    }

    /**
     * Runs two independent parts of one training on training threads side by side (one after the other when only
     * one thread is free) and combines their results; waits for both.
     *
     * @throws TrainingQueueFullException when every thread is busy and the queue is full
     */
    public <A, B, R> R runBoth(Callable<A> first, Callable<B> second, java.util.function.BiFunction<A, B, R> combine) {
        Future<B> other = submit(second);
        A a;
        try {
            a = run(first);
        } catch (RuntimeException | Error e) {
            other.cancel(true);
            throw e;
        }
        return combine.apply(a, await(other));
    }

    private <T> Future<T> submit(Callable<T> training) {
        try {
            return executor.submit(training);
        } catch (RejectedExecutionException e) {
            if (executor.isShutdown()) {
                throw new CancellationException("the training threads are stopped (shutting down)");
            }
            throw new TrainingQueueFullException(executor.getQueue().size());
        }
    }

    private static <T> T await(Future<T> result) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a training");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Trainings waiting for a thread. */
    public int queued() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
