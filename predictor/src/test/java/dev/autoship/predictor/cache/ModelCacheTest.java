package dev.autoship.predictor.cache;

import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoHistory;
import dev.autoship.predictor.history.HistorySource;
import dev.autoship.predictor.model.InsufficientHistoryException;
import dev.autoship.predictor.model.ModelCodec;
import dev.autoship.predictor.model.ShipmentModelTrainer;
import dev.autoship.predictor.ops.PredictorMetrics;
import io.helidon.metrics.api.Metrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelCacheTest {

    private static final Duration TTL = Duration.ofHours(24);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final CountingHistory history = new CountingHistory(new DemoHistory(new DemoDataSet(clock.instant())));
    private final InMemorySharedModelCache shared = new InMemorySharedModelCache(clock);

    private ModelCache cache(int maxModels, SharedModelCache sharedCache) {
        return cache(maxModels, sharedCache, history, 2);
    }

    private ModelCache cache(int maxModels, SharedModelCache sharedCache, HistorySource source, int maxTrainings) {
        ShipmentModelTrainer trainer = ShipmentModelTrainer.standard(clock);
        return new ModelCache(source, trainer, new ModelCodec(trainer.features()), sharedCache,
                new ModelCache.Limits(TTL, maxModels, Duration.ofDays(90), 20, 5000, Duration.ofSeconds(30),
                        Duration.ofMillis(300), maxTrainings),
                clock, new PredictorMetrics(Metrics.createMeterRegistry()));
    }

    @Test
    void firstRequestsForManyCustomersTrainAtMostTheLimitAtOnce() throws Exception {
        CountingHistory slow = new CountingHistory(new DemoHistory(new DemoDataSet(clock.instant())),
                Duration.ofMillis(100));
        ModelCache cache = cache(20, SharedModelCache.none(), slow, 2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ModelLookup>> lookups = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 1; i <= 8; i++) {
                String customer = DemoDataSet.customerId(i);
                lookups.add(pool.submit(() -> {
                    start.await();
                    return cache.get(customer);
                }));
            }
            start.countDown();
            for (Future<ModelLookup> lookup : lookups) {
                assertThat(lookup.get().source()).isEqualTo(ModelSource.TRAINED);
            }
        }
        assertThat(slow.reads()).isEqualTo(8);
        assertThat(slow.mostAtOnce()).isEqualTo(2);
        assertThat(cache.modelsHeld()).isEqualTo(8);
    }

    @Test
    void fiftyParallelFirstRequestsTrainOnce() throws Exception {
        ModelCache cache = cache(10, SharedModelCache.none());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ModelLookup>> lookups = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                lookups.add(pool.submit(() -> {
                    start.await();
                    return cache.get("demo-customer-05");
                }));
            }
            start.countDown();
            for (Future<ModelLookup> lookup : lookups) {
                assertThat(lookup.get().model().customerId()).isEqualTo("demo-customer-05");
            }
        }
        assertThat(history.reads()).isEqualTo(1);
    }

    @Test
    void secondRequestIsServedFromMemory() {
        ModelCache cache = cache(10, SharedModelCache.none());

        assertThat(cache.get("demo-customer-01").source()).isEqualTo(ModelSource.TRAINED);
        assertThat(cache.get("demo-customer-01").source()).isEqualTo(ModelSource.MEMORY);
        assertThat(history.reads()).isEqualTo(1);
    }

    @Test
    void leastRecentlyUsedModelIsEvictedWhenMemoryIsFull() {
        ModelCache cache = cache(2, SharedModelCache.none());
        cache.get("demo-customer-01");
        cache.get("demo-customer-02");
        cache.get("demo-customer-01");

        cache.get("demo-customer-03");

        assertThat(cache.modelsHeld()).isEqualTo(2);
        assertThat(cache.peek("demo-customer-02")).isEmpty();
        assertThat(cache.get("demo-customer-01").source()).isEqualTo(ModelSource.MEMORY);
        assertThat(cache.get("demo-customer-03").source()).isEqualTo(ModelSource.MEMORY);
    }

    @Test
    void modelIsRetrainedOnceItsTimeToLiveHasPassed() {
        ModelCache cache = cache(10, shared);
        cache.get("demo-customer-01");
        clock.advance(TTL.minusSeconds(1));
        assertThat(cache.get("demo-customer-01").source()).isEqualTo(ModelSource.MEMORY);

        clock.advance(Duration.ofSeconds(2));

        assertThat(cache.get("demo-customer-01").source()).isEqualTo(ModelSource.TRAINED);
        assertThat(history.reads()).isEqualTo(2);
    }

    @Test
    void secondInstanceLoadsTheSharedModelWithoutTraining() {
        ModelLookup first = cache(10, shared).get("demo-customer-07");

        ModelLookup second = cache(10, shared).get("demo-customer-07");

        assertThat(second.source()).isEqualTo(ModelSource.REDIS);
        assertThat(second.model().trainedAt()).isEqualTo(first.model().trainedAt());
        assertThat(second.expiresAt()).isEqualTo(first.expiresAt());
        assertThat(history.reads()).isEqualTo(1);
    }

    @Test
    void corruptSharedBytesAreIgnoredAndReplacedByATrainedModel() {
        shared.put("demo-customer-08", "garbage".getBytes(), TTL);

        assertThat(cache(10, shared).get("demo-customer-08").source()).isEqualTo(ModelSource.TRAINED);
        assertThat(cache(10, shared).get("demo-customer-08").source()).isEqualTo(ModelSource.REDIS);
    }

    @Test
    void deletingDropsTheModelFromEveryTier() {
        ModelCache cache = cache(10, shared);
        cache.get("demo-customer-09");

        cache.evict("demo-customer-09");

        assertThat(cache.peek("demo-customer-09")).isEmpty();
        assertThat(shared.get("demo-customer-09")).isEmpty();
        assertThat(cache.get("demo-customer-09").source()).isEqualTo(ModelSource.TRAINED);
    }

    @Test
    void instanceTrainsItselfWhenAnotherHoldsTheLockButDeliversNothing() {
        assertThat(shared.tryLock("demo-customer-10", Duration.ofMinutes(1))).isPresent();

        ModelLookup lookup = cache(10, shared).get("demo-customer-10");

        assertThat(lookup.source()).isEqualTo(ModelSource.TRAINED);
    }

    @Test
    void customersWithTooFewShipmentsGetInsufficientHistory() {
        ModelCache cache = cache(10, shared);

        assertThatThrownBy(() -> cache.get("demo-customer-31"))
                .isInstanceOf(InsufficientHistoryException.class)
                .hasMessageContaining("at least 20");
        assertThatThrownBy(() -> cache.get("no-such-customer"))
                .isInstanceOfSatisfying(InsufficientHistoryException.class, e -> assertThat(e.found()).isZero());
    }
}
