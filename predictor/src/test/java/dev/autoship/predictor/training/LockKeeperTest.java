package dev.autoship.predictor.training;

import dev.autoship.predictor.cache.InMemorySharedModelCache;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LockKeeperTest {

    private final InMemorySharedModelCache shared = new InMemorySharedModelCache(Clock.systemUTC());

    @Test
    void aKeptLockOutlivesItsTimeToLiveAndIsReleasedWhenDone() throws Exception {
        try (LockKeeper keeper = new LockKeeper(Duration.ofSeconds(1))) {
            LockKeeper.Kept kept = keeper.keep(shared.tryLock("c", keeper.ttl()).orElseThrow());
            Thread.sleep(3000);
            assertThat(shared.isLocked("c")).isTrue();

            kept.close();

            assertThat(shared.isLocked("c")).isFalse();
        }
    }

    @Test
    void closingTheKeeperAtShutdownReleasesEveryLockStillKept() {
        LockKeeper keeper = new LockKeeper(Duration.ofSeconds(30));
        keeper.keep(shared.tryLock("a", keeper.ttl()).orElseThrow());
        keeper.keep(shared.tryLock("b", keeper.ttl()).orElseThrow());

        keeper.close();

        assertThat(shared.isLocked("a")).isFalse();
        assertThat(shared.isLocked("b")).isFalse();
    }

    @Test
    void anUnkeptLockExpiresByItself() throws Exception {
        shared.tryLock("c", Duration.ofMillis(100)).orElseThrow();
        Thread.sleep(300);

        assertThat(shared.isLocked("c")).isFalse();
    }
}
