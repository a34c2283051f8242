package dev.autoship.predictor.cache;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Predictions on several instances from a few threads, with DELETE churn on the first instance so that customers
 * turn cold again and Redis is really used; every answer that is not a 200 (204 for a delete) is kept.
 */
final class PredictionLoad implements AutoCloseable {

    private final List<PredictorInstance> instances;
    private final List<String> customers;
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger predictions = new AtomicInteger();
    private final List<Thread> threads;
    private volatile boolean running = true;

    PredictionLoad(List<PredictorInstance> instances, List<String> customers, int threads) {
        this.instances = instances;
        this.customers = customers;
        this.threads = java.util.stream.IntStream.range(0, threads)
                .mapToObj(i -> Thread.ofPlatform().name("load-" + i).start(i == 0 ? this::churn : this::predict))
                .toList();
    }

    private void predict() {
        while (running) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            PredictorInstance instance = instances.get(random.nextInt(instances.size()));
            String customer = customers.get(random.nextInt(customers.size()));
            try {
                PredictorInstance.Answer answer = instance.predict(customer);
                predictions.incrementAndGet();
                if (answer.status() != 200) {
                    failures.add("predict " + customer + ": " + answer.status() + " " + answer.body());
                }
            } catch (RuntimeException e) {
                failures.add("predict " + customer + ": " + e);
            }
            pace(5);
        }
    }

    private void churn() {
        while (running) {
            String customer = customers.get(ThreadLocalRandom.current().nextInt(customers.size()));
            try {
                PredictorInstance.Answer answer = instances.getFirst().delete(customer);
                if (answer.status() != 204) {
                    failures.add("delete " + customer + ": " + answer.status());
                }
            } catch (RuntimeException e) {
                failures.add("delete " + customer + ": " + e);
            }
            pace(200);
        }
    }

    private void pace(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    int predictions() {
        return predictions.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
