package dev.autoship.predictor.outcome;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LogBufferTest {

    private final AtomicLong dropped = new AtomicLong();
    private final List<Integer> written = new CopyOnWriteArrayList<>();

    @Test
    void entriesReachTheWriterInOrder() {
        try (LogBuffer<Integer> buffer = new LogBuffer<>("test-log", 10, written::add, dropped::addAndGet)) {
            for (int i = 0; i < 5; i++) {
                assertThat(buffer.offer(i)).isTrue();
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 5);
            assertThat(written).containsExactly(0, 1, 2, 3, 4);
            assertThat(dropped).hasValue(0);
        }
    }

    @Test
    void aStuckWriterNeverHoldsTheCallersAFullBufferDropsAndCounts() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (LogBuffer<Integer> buffer = new LogBuffer<>("test-log", 10, entry -> {
            writing.countDown();
            try {
                release.await();  // a writer waiting for an Elasticsearch that does not answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(entry);
        }, dropped::addAndGet)) {
            buffer.offer(-1);
            writing.await();

            int accepted = 0;
            for (int i = 0; i < 25; i++) {
                accepted += buffer.offer(i) ? 1 : 0;
            }

            assertThat(accepted).isEqualTo(10);
            assertThat(dropped).hasValue(15);
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 11);
            assertThat(written).containsExactly(-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        }
    }

    @Test
    void entriesLeftAtCloseBeyondItsGraceAreCountedAsDropped() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        LogBuffer<Integer> buffer = new LogBuffer<>("test-log", 10, entry -> {
            writing.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, dropped::addAndGet);
        buffer.offer(-1);
        writing.await();
        for (int i = 0; i < 4; i++) {
            buffer.offer(i);
        }

        buffer.close(Duration.ZERO);

        assertThat(dropped).hasValue(4);
        assertThat(buffer.offer(99)).isFalse();
        assertThat(dropped).hasValue(5);
    }
}
