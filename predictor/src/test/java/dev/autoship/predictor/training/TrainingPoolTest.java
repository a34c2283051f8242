package dev.autoship.predictor.training;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TrainingPoolTest {

    @Test
    void trainsAtMostItsThreadsAtOnceAndTheRestQueue() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (TrainingPool pool = new TrainingPool(2, 100)) {
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
    void aTrainingBeyondTheQueueIsRefusedAtOnceAndTheQueuedOnesStillRun() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TrainingPool pool = new TrainingPool(1, 2)) {
            List<CompletableFuture<Integer>> admitted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int id = i;
                admitted.add(CompletableFuture.supplyAsync(() -> pool.run(() -> {
                    release.await();
                    return id;
                }), Thread::startVirtualThread));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.queued() == 2);

            assertThatThrownBy(() -> pool.run(() -> 3)).isInstanceOf(TrainingQueueFullException.class)
                    .hasMessageContaining("2 trainings");

            release.countDown();
            for (int i = 0; i < 3; i++) {
                assertThat(admitted.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
            }
        }
    }

    @Test
    void aFailedTrainingFailsItsCallerWithTheSameException() {
        try (TrainingPool pool = new TrainingPool(1, 100)) {
            assertThatIllegalArgumentException().isThrownBy(() -> pool.run(() -> {
                throw new IllegalArgumentException("bad history");
            })).withMessage("bad history");
        }
    }

    @Test
    void trainingsRunOnPlatformThreadsNotOnTheCallersVirtualThread() throws Exception {
        try (TrainingPool pool = new TrainingPool(1, 100)) {
            CompletableFuture<Boolean> virtual = new CompletableFuture<>();
            Thread.startVirtualThread(() -> virtual.complete(pool.run(() -> Thread.currentThread().isVirtual()))).join();
            assertThat(virtual.get()).isFalse();
        }
    }
}
