package dev.autoship.predictor.training;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TrainingPoolTest {

    @Test
    void trainsAtMostItsThreadsAtOnceAndTheRestQueue() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (TrainingPool pool = new TrainingPool(2)) {
            List<CompletableFuture<Integer>> trainings = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int id = i;
                trainings.add(CompletableFuture.supplyAsync(() -> pool.run(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(50);
                    running.decrementAndGet();
                    return id;
                }), Thread::startVirtualThread));
            }
            for (int i = 0; i < 8; i++) {
                assertThat(trainings.get(i).join()).isEqualTo(i);
            }
        }
        assertThat(most.get()).isEqualTo(2);
    }

    @Test
    void aFailedTrainingFailsItsCallerWithTheSameException() {
        try (TrainingPool pool = new TrainingPool(1)) {
            assertThatIllegalArgumentException().isThrownBy(() -> pool.run(() -> {
                throw new IllegalArgumentException("bad history");
            })).withMessage("bad history");
        }
    }

    @Test
    void trainingsRunOnPlatformThreadsNotOnTheCallersVirtualThread() throws Exception {
        try (TrainingPool pool = new TrainingPool(1)) {
            CompletableFuture<Boolean> virtual = new CompletableFuture<>();
            Thread.startVirtualThread(() -> virtual.complete(pool.run(() -> Thread.currentThread().isVirtual()))).join();
            assertThat(virtual.get()).isFalse();
        }
    }
}
