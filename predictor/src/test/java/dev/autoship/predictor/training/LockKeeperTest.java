package dev.autoship.predictor.training;

import dev.autoship.predictor.cache.InMemorySharedModelCache;
import dev.autoship.predictor.cache.SharedModelCache;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LockKeeperTest {

    private final InMemorySharedModelCache shared = new InMemorySharedModelCache(Clock.systemUTC());

    @Test
    void aKeptLockOutlivesItsTimeToLiveAndIsReleasedWhenDone() throws Exception {
        try (LockKeeper keeper = new LockKeeper(Duration.ofSeconds(1))) {
            LockKeeper.Kept kept = keeper.keep(shared.tryLock("c", keeper.ttl()).orElseThrow(), "c");
            Thread.sleep(3000);
            assertThat(shared.isLocked("c")).isTrue();

            kept.close();

            assertThat(shared.isLocked("c")).isFalse();
        }
    }

    @Test
    void closingTheKeeperAtShutdownReleasesEveryLockStillKept() {
        LockKeeper keeper = new LockKeeper(Duration.ofSeconds(30));
        keeper.keep(shared.tryLock("a", keeper.ttl()).orElseThrow(), "a");
        keeper.keep(shared.tryLock("b", keeper.ttl()).orElseThrow(), "b");

        keeper.close();

        assertThat(shared.isLocked("a")).isFalse();
        assertThat(shared.isLocked("b")).isFalse();
    }

    @Test
    void aLockFoundLostAtAnExtensionIsNoticedCountedAndNoLongerExtended() {
        AtomicInteger extensions = new AtomicInteger();
        SharedModelCache.TrainingLock expired = new SharedModelCache.TrainingLock() {
            @Override
            public boolean extend(Duration ttl) {
                extensions.incrementAndGet();
                return false;
            }

            @Override
            public void release() {
            }
        };
        AtomicInteger healthyExtensions = new AtomicInteger();
        SharedModelCache.TrainingLock healthy = new SharedModelCache.TrainingLock() {
            @Override
            public boolean extend(Duration ttl) {
                healthyExtensions.incrementAndGet();
                return true;
            }

            @Override
            public void release() {
            }
        };
        try (LockKeeper keeper = new LockKeeper(Duration.ofMillis(150))) {
            LockKeeper.Kept kept = keeper.keep(expired, "lost-customer");

            await().atMost(Duration.ofSeconds(10)).until(kept::lost);
            assertThat(keeper.lostLocks()).isEqualTo(1);
            int tried = extensions.get();
            // the keeper's timer goes on extending another lock three times: the lost one is not extended again
            keeper.keep(healthy, "healthy-customer");
            await().atMost(Duration.ofSeconds(10)).until(() -> healthyExtensions.get() >= 3);
            assertThat(extensions.get()).isEqualTo(tried);
            kept.close();
        }
    }

    @Test
    void anUnkeptLockExpiresByItself() throws Exception {
        shared.tryLock("c", Duration.ofMillis(100)).orElseThrow();
        Thread.sleep(300);

        assertThat(shared.isLocked("c")).isFalse();
    }
}
