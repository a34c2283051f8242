package dev.autoship.predictor.lifecycle;

import dev.autoship.predictor.cache.InMemorySharedModelCache;
import dev.autoship.predictor.cache.MemoryTier;
import dev.autoship.predictor.cache.SharedModelCache;
import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoHistory;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.HistorySource;
import dev.autoship.predictor.history.HistoryUnavailableException;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.model.InsufficientHistoryException;
import dev.autoship.predictor.model.ModelCodec;
import dev.autoship.predictor.model.ModelLifetime;
import dev.autoship.predictor.model.ModelLookup;
import dev.autoship.predictor.model.ModelSource;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.model.ShipmentModelTrainer;
import dev.autoship.predictor.ops.PredictorMetrics;
import dev.autoship.predictor.training.InsufficientHistoryMemory;
import dev.autoship.predictor.training.LockKeeper;
import dev.autoship.predictor.training.ModelTraining;
import dev.autoship.predictor.training.TrainingPool;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ModelRepositoryTest {

    private static final Duration TTL = Duration.ofHours(24);
    private static final Duration REMEMBER_INSUFFICIENT = Duration.ofMinutes(1);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final CountingHistory history = new CountingHistory(new DemoHistory(new DemoDataSet(clock.instant())));
    private final InMemorySharedModelCache shared = new InMemorySharedModelCache(clock);
    private final MeterRegistry registry = Metrics.createMeterRegistry();
    private final PredictorMetrics metrics = new PredictorMetrics(registry);
    private final List<ModelRepository> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(ModelRepository::close);
    }

    private ModelRepository repository(int maxModels, SharedModelCache sharedCache) {
        return repository(maxModels, sharedCache, history, 2, new ModelLifetime(TTL, 0, 1));
    }

    private ModelRepository repository(int maxModels, SharedModelCache sharedCache, HistorySource source, int threads,
                                       ModelLifetime lifetime) {
        return repository(maxModels, sharedCache, source, new TrainingPool(threads, 100), lifetime);
    }

    private ModelRepository repository(int maxModels, SharedModelCache sharedCache, HistorySource source,
                                       TrainingPool pool, ModelLifetime lifetime) {
        return repository(maxModels, sharedCache, source, pool, lifetime, Duration.ofSeconds(30));
    }

    private ModelRepository repository(int maxModels, SharedModelCache sharedCache, HistorySource source,
                                       TrainingPool pool, ModelLifetime lifetime, Duration lockWait) {
        ShipmentModelTrainer trainer = ShipmentModelTrainer.standard(clock);
        ModelCodec codec = new ModelCodec(trainer.features());
        ModelTraining training = new ModelTraining(source, trainer, pool,
                new ModelTraining.HistoryLimits(Duration.ofDays(90), 20, 5000),
                new InsufficientHistoryMemory(REMEMBER_INSUFFICIENT, 100, clock), codec, sharedCache, lifetime, clock,
                metrics);
        ModelRepository repository = new ModelRepository(new MemoryTier(maxModels), sharedCache, codec, training,
                new LockKeeper(Duration.ofSeconds(10)), lifetime,
                new ModelRepository.Coordination(Duration.ofMillis(10), lockWait, Duration.ofSeconds(1), Duration.ofSeconds(8)),
                clock, metrics);
        opened.add(repository);
        return repository;
    }

    private double counted(String counter) {
        return registry.meters().stream()
                .filter(meter -> meter.id().name().equals(counter))
                .mapToDouble(meter -> ((Counter) meter).count())
                .sum();
    }

    private double lookups(String source) {
        return registry.meters().stream()
                .filter(meter -> meter.id().name().equals("autoship.model.lookups")
                        && source.equals(meter.id().tagsMap().get("source")))
                .mapToDouble(meter -> ((Counter) meter).count())
                .sum();
    }

    @Test
    void theTrainingWarmUpTrainsOnGeneratedHistoriesWithoutReadingStoringHoldingOrCountingAnything() {
        ModelRepository repository = repository(10, shared);
        double trainings = counted("autoship.model.trainings");

        assertThat(repository.warmUpTraining(Duration.ofSeconds(30))).isEqualTo(30);
        assertThat(repository.warmUpTraining(Duration.ZERO)).isZero();

        assertThat(history.reads()).isZero();
        assertThat(repository.modelsHeld()).isZero();
        assertThat(shared.recentlyUsed(100)).isEmpty();
        assertThat(shared.get("warm-up")).isEmpty();
        assertThat(counted("autoship.model.trainings")).isEqualTo(trainings);
    }

    @Test
    void theTrainingWarmUpStopsAtItsBudget() {
        ModelRepository repository = repository(10, shared);

        // the budget is checked before each training: one may start within it, none after it
        assertThat(repository.warmUpTraining(Duration.ofNanos(1))).isLessThanOrEqualTo(1);
    }

    @Test
    void fiftyParallelFirstRequestsTrainOnceAndAreCountedAsOneTrainedAndFortyNineWaited() throws Exception {
        ModelRepository repository = repository(10, SharedModelCache.none());
        // meters live on in the metrics provider across tests: count what this test adds
        double trained = lookups("trained");
        double waited = lookups("waited");
        double memory = lookups("memory");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ModelLookup>> lookups = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                lookups.add(pool.submit(() -> {
                    start.await();
                    return repository.get("demo-customer-05");
                }));
            }
            start.countDown();
            for (Future<ModelLookup> lookup : lookups) {
                assertThat(lookup.get().model().customerId()).isEqualTo("demo-customer-05");
            }
        }
        assertThat(history.reads()).isEqualTo(1);
        assertThat(lookups("trained") - trained).isEqualTo(1);
        assertThat(lookups("waited") - waited).isEqualTo(49);

        repository.get("demo-customer-05");
        assertThat(lookups("memory") - memory).isEqualTo(1);
    }

    @Test
    void historyReadsOfManyCustomersDoNotWaitForTrainingThreads() throws Exception {
        CountingHistory slow = new CountingHistory(new DemoHistory(new DemoDataSet(clock.instant())), Duration.ofMillis(300));
        ModelRepository repository = repository(20, SharedModelCache.none(), slow, 1, new ModelLifetime(TTL, 0, 1));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ModelLookup>> lookups = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 1; i <= 8; i++) {
                String customer = DemoDataSet.customerId(i);
                lookups.add(pool.submit(() -> {
                    start.await();
                    return repository.get(customer);
                }));
            }
            start.countDown();
            for (Future<ModelLookup> lookup : lookups) {
                assertThat(lookup.get().source()).isEqualTo(ModelSource.TRAINED);
            }
        }
        // one training thread, yet all eight slow reads overlapped: a read never holds a training slot
        assertThat(slow.mostAtOnce()).isEqualTo(8);
        assertThat(repository.modelsHeld()).isEqualTo(8);
    }

    @Test
    void heldCustomersAreAnsweredWhileEveryTrainingThreadIsBusy() throws Exception {
        TrainingPool pool = new TrainingPool(1, 100);
        ModelRepository repository = repository(10, SharedModelCache.none(), history, pool, new ModelLifetime(TTL, 0, 1));
        repository.get("demo-customer-01");
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> busy = CompletableFuture.supplyAsync(
                () -> pool.run(() -> release.await(1, TimeUnit.MINUTES)), Thread::startVirtualThread);
        try {
            await().until(() -> pool.queued() == 0 && !busy.isDone());
            CompletableFuture<ModelLookup> cold = CompletableFuture.supplyAsync(
                () -> repository.get("demo-customer-02"), Thread::startVirtualThread);
            await().until(() -> pool.queued() == 1);

            assertThat(repository.get("demo-customer-01").source()).isEqualTo(ModelSource.MEMORY);
            assertThat(cold).as("the new customer's training waits for the thread").isNotDone();

            release.countDown();
            assertThat(cold.get(30, TimeUnit.SECONDS).source()).isEqualTo(ModelSource.TRAINED);
        } finally {
            release.countDown();
        }
    }

    @Test
    void secondRequestIsServedFromMemory() {
        ModelRepository repository = repository(10, SharedModelCache.none());

        assertThat(repository.get("demo-customer-01").source()).isEqualTo(ModelSource.TRAINED);
        assertThat(repository.get("demo-customer-01").source()).isEqualTo(ModelSource.MEMORY);
        assertThat(history.reads()).isEqualTo(1);
    }

    @Test
    void leastRecentlyUsedModelIsEvictedWhenMemoryIsFull() {
        ModelRepository repository = repository(2, SharedModelCache.none());
        repository.get("demo-customer-01");
        repository.get("demo-customer-02");
        repository.get("demo-customer-01");

        repository.get("demo-customer-03");

        assertThat(repository.modelsHeld()).isEqualTo(2);
        assertThat(repository.peek("demo-customer-02")).isEmpty();
        assertThat(repository.get("demo-customer-01").source()).isEqualTo(ModelSource.MEMORY);
        assertThat(repository.get("demo-customer-03").source()).isEqualTo(ModelSource.MEMORY);
    }

    @Test
    void modelIsRetrainedOnceItsTimeToLiveHasPassed() {
        ModelRepository repository = repository(10, shared);
        repository.get("demo-customer-01");
        clock.advance(TTL.minusSeconds(1));
        assertThat(repository.get("demo-customer-01").source()).isEqualTo(ModelSource.MEMORY);

        clock.advance(Duration.ofSeconds(2));

        assertThat(repository.get("demo-customer-01").source()).isEqualTo(ModelSource.TRAINED);
        assertThat(history.reads()).isEqualTo(2);
    }

    @Test
    void secondInstanceLoadsTheSharedModelWithoutTraining() {
        double redis = lookups("redis");
        ModelLookup first = repository(10, shared).get("demo-customer-07");

        ModelLookup second = repository(10, shared).get("demo-customer-07");

        assertThat(second.source()).isEqualTo(ModelSource.REDIS);
        assertThat(second.model().trainedAt()).isEqualTo(first.model().trainedAt());
        assertThat(second.expiresAt()).isEqualTo(first.expiresAt());
        assertThat(history.reads()).isEqualTo(1);
        assertThat(lookups("redis") - redis).isEqualTo(1);
    }

    @Test
    void corruptSharedBytesAreIgnoredAndReplacedByATrainedModel() {
        shared.put("demo-customer-08", "garbage".getBytes(), TTL);

        assertThat(repository(10, shared).get("demo-customer-08").source()).isEqualTo(ModelSource.TRAINED);
        assertThat(repository(10, shared).get("demo-customer-08").source()).isEqualTo(ModelSource.REDIS);
    }

    @Test
    void deletingDropsTheModelFromEveryTier() {
        ModelRepository repository = repository(10, shared);
        repository.get("demo-customer-09");

        repository.evict("demo-customer-09");

        assertThat(repository.peek("demo-customer-09")).isEmpty();
        assertThat(shared.get("demo-customer-09")).isEmpty();
        assertThat(repository.get("demo-customer-09").source()).isEqualTo(ModelSource.TRAINED);
    }

    @Test
    void waiterFollowsTheHolderAndTrainsOnlyOnceTheHoldersLockHasExpired() throws Exception {
        assertThat(shared.tryLock("demo-customer-10", Duration.ofSeconds(10))).isPresent();
        ModelRepository repository = repository(10, shared);

        CompletableFuture<ModelLookup> lookup = CompletableFuture.supplyAsync(
                () -> repository.get("demo-customer-10"), Thread::startVirtualThread);
        Thread.sleep(200);
        assertThat(lookup).as("waits while the holder's lock lives").isNotDone();
        assertThat(history.reads()).isZero();
        clock.advance(Duration.ofSeconds(11));

        assertThat(lookup.get(30, TimeUnit.SECONDS).source()).isEqualTo(ModelSource.TRAINED);
        assertThat(shared.isLocked("demo-customer-10")).as("released after training").isFalse();
    }

    @Test
    void aWaitForAnotherInstancesTrainingEndsAtTheLockWaitAndThisInstanceTrainsToo() throws Exception {
        // the holder's lock never expires here (the test clock stands still): only the waiter's own bound ends the wait
        assertThat(shared.tryLock("demo-customer-20", Duration.ofSeconds(10))).isPresent();
        ModelRepository repository = repository(10, shared, history, new TrainingPool(2, 100),
                new ModelLifetime(TTL, 0, 1), Duration.ofMillis(300));

        ModelLookup lookup = CompletableFuture.supplyAsync(() -> repository.get("demo-customer-20"),
                Thread::startVirtualThread).get(30, TimeUnit.SECONDS);

        assertThat(lookup.source()).isEqualTo(ModelSource.TRAINED);
        assertThat(shared.isLocked("demo-customer-20")).as("the other instance's lock is left alone").isTrue();
    }

    @Test
    void aLoadStartingJustAfterTheLastOneEndedAnswersFromMemoryWithoutTheSharedCacheOrATraining() {
        ModelRepository repository = repository(10, shared);
        repository.get("demo-customer-21");
        int reads = history.reads();

        // a caller that missed memory just before the previous flight ended starts a load of its own
        ModelLookup raced = repository.loader().load("demo-customer-21");

        assertThat(raced.source()).as("not read again from the shared cache").isEqualTo(ModelSource.MEMORY);
        assertThat(history.reads()).isEqualTo(reads);
    }

    @Test
    void aDeletionWhileTheModelIsBeingTrainedKeepsThatTrainingFromHoldingIt() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HistorySource slow = (customerId, since, max) -> {
            reading.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return history.recentShipments(customerId, since, max);
        };
        ModelRepository repository = repository(10, shared, slow, 2, new ModelLifetime(TTL, 0, 1));
        CompletableFuture<ModelLookup> loading = CompletableFuture.supplyAsync(() -> repository.get("demo-customer-22"),
                Thread::startVirtualThread);
        assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();

        repository.evict("demo-customer-22");
        release.countDown();

        assertThat(loading.get(30, TimeUnit.SECONDS).source()).as("the waiting request is answered").isEqualTo(ModelSource.TRAINED);
        assertThat(repository.peekHeld("demo-customer-22")).as("but the deleted model is not held").isEmpty();
    }

    @Test
    void aDeletionOnOneInstanceDropsTheModelFromTheOthersMemory() {
        ModelRepository first = repository(10, shared);
        ModelRepository second = repository(10, shared);
        first.get("demo-customer-23");
        assertThat(second.get("demo-customer-23").source()).isEqualTo(ModelSource.REDIS);

        first.evict("demo-customer-23");

        assertThat(second.peekHeld("demo-customer-23")).isEmpty();
        assertThat(second.get("demo-customer-23").source()).isEqualTo(ModelSource.TRAINED);
    }

    @Test
    void rehearsingTheColdPathReadsAndTrainsAFewCustomersOfTheHistoryStoreAndKeepsNothing() {
        ModelRepository repository = repository(10, shared);
        double trainings = counted("autoship.model.trainings");

        ColdPathRehearsal rehearsal = repository.rehearseColdPath(Duration.ofSeconds(30));

        assertThat(rehearsal.customers()).hasSize(3);
        assertThat(rehearsal.models()).as("a model trained for each, for the prediction path's warm-up")
                .extracting(ShipmentModel::customerId).containsExactlyElementsOf(rehearsal.customers());
        assertThat(history.reads()).as("one whole history each")
                .isEqualTo(3)
                .isEqualTo(rehearsal.reads());
        assertThat(repository.modelsHeld()).isZero();
        assertThat(rehearsal.customers()).allSatisfy(customer -> assertThat(shared.get(customer)).isEmpty());
        assertThat(counted("autoship.model.trainings")).isEqualTo(trainings);
    }

    @Test
    void theColdPathRehearsalReadsTheBusiestCustomersOfTheNewestShipmentsRatherThanTheMostRecentlyUsed() {
        DemoHistory demo = new DemoHistory(new DemoDataSet(clock.instant()));
        // the store's newest shipments are all one customer's: the busiest one, whose history is the largest
        List<Shipment> busy = new DemoDataSet(clock.instant()).generate("demo-customer-07", 1200).stream()
                .map(DemoShipment::shipment).toList();
        demo.accept(java.util.stream.IntStream.range(0, busy.size()).mapToObj(i -> new Shipment(busy.get(i).customerId(),
                clock.instant().minusMillis(10L * i), busy.get(i).order(), busy.get(i).shipment())).toList());
        CountingHistory counting = new CountingHistory(demo);
        repository(10, shared, counting, 2, new ModelLifetime(TTL, 0, 1)).get("demo-customer-25");
        int reads = counting.reads();

        ColdPathRehearsal rehearsal = repository(10, shared, counting, 2, new ModelLifetime(TTL, 0, 1))
                .rehearseColdPath(Duration.ofSeconds(30));

        assertThat(shared.recentlyUsed(3)).as("the recently used customer").containsExactly("demo-customer-25");
        assertThat(rehearsal.customers()).containsExactly("demo-customer-07");
        assertThat(counting.reads() - reads).isEqualTo(1);
    }

    @Test
    void refreshRetriesWaitTwiceAsLongEachTimeUpToTheirCap() {
        Duration first = Duration.ofSeconds(5);
        Duration cap = Duration.ofMinutes(5);

        assertThat(ModelRefresher.retryAfter(1, first, cap)).isEqualTo(Duration.ofSeconds(5));
        assertThat(ModelRefresher.retryAfter(2, first, cap)).isEqualTo(Duration.ofSeconds(10));
        assertThat(ModelRefresher.retryAfter(4, first, cap)).isEqualTo(Duration.ofSeconds(40));
        assertThat(ModelRefresher.retryAfter(7, first, cap)).isEqualTo(cap);
        assertThat(ModelRefresher.retryAfter(1000, first, cap)).isEqualTo(cap);
    }

    @Test
    void aRefreshThatFindsTooLittleHistoryIsNotRetriedWhileThatIsRemembered() {
        AtomicBoolean historyGone = new AtomicBoolean();
        CountingHistory switchable = new CountingHistory((customerId, since, max) ->
                historyGone.get() ? List.of() : history.recentShipments(customerId, since, max));
        ModelLifetime lifetime = new ModelLifetime(Duration.ofSeconds(100), 0, 0.5);
        ModelRepository repository = repository(10, SharedModelCache.none(), switchable, 2, lifetime);
        repository.get("demo-customer-24");
        historyGone.set(true);
        clock.advance(Duration.ofSeconds(60));

        repository.get("demo-customer-24");  // past its refresh age: one refresh, which finds no history
        await().atMost(Duration.ofSeconds(30)).until(() -> switchable.reads() == 2);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(6));  // past every retry time, still within the minute it is remembered
            assertThat(repository.get("demo-customer-24").source()).isEqualTo(ModelSource.MEMORY);
        }

        assertThat(repository.loadsInProgress()).isZero();
        assertThat(switchable.reads()).as("not asked again while too little history is remembered").isEqualTo(2);
    }

    @Test
    void waiterTakesTheHoldersModelAsSoonAsItIsStored() throws Exception {
        assertThat(shared.tryLock("demo-customer-11", Duration.ofSeconds(10))).isPresent();
        ModelRepository repository = repository(10, shared);

        CompletableFuture<ModelLookup> lookup = CompletableFuture.supplyAsync(
                () -> repository.get("demo-customer-11"), Thread::startVirtualThread);
        Thread.sleep(200);
        // what the holder does when its training is done
        shared.put("demo-customer-11", new ModelCodec(ShipmentModelTrainer.standardFeatures()).encode(
                ShipmentModelTrainer.standard(clock).train("demo-customer-11",
                        new DemoHistory(new DemoDataSet(clock.instant())).recentShipments("demo-customer-11",
                                clock.instant().minus(Duration.ofDays(90)), 5000))), TTL);

        assertThat(lookup.get(30, TimeUnit.SECONDS).source()).isEqualTo(ModelSource.REDIS);
        assertThat(history.reads()).isZero();
    }

    @Test
    void trainingLockIsReleasedWhenTheHistoryCannotBeRead() {
        HistorySource down = (customerId, since, max) -> {
            throw new HistoryUnavailableException("history store down", new RuntimeException());
        };
        ModelRepository repository = repository(10, shared, down, 2, new ModelLifetime(TTL, 0, 1));

        assertThatThrownBy(() -> repository.get("demo-customer-12")).isInstanceOf(HistoryUnavailableException.class);

        assertThat(shared.isLocked("demo-customer-12")).isFalse();
    }

    @Test
    void customersWithTooFewShipmentsGetInsufficientHistoryRememberedBriefly() {
        ModelRepository repository = repository(10, shared);

        assertThatThrownBy(() -> repository.get("demo-customer-31"))
                .isInstanceOf(InsufficientHistoryException.class)
                .hasMessageContaining("at least 20");
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> repository.get("no-such-customer"))
                    .isInstanceOfSatisfying(InsufficientHistoryException.class, e -> assertThat(e.found()).isZero());
        }
        assertThat(history.reads()).as("one read per customer while remembered").isEqualTo(2);

        clock.advance(REMEMBER_INSUFFICIENT.plusSeconds(1));
        assertThatThrownBy(() -> repository.get("no-such-customer")).isInstanceOf(InsufficientHistoryException.class);
        assertThat(history.reads()).isEqualTo(3);
    }

    @Test
    void refreshAheadAcrossTwoInstancesServesTheOldModelTrainsOnceAndBothEndOnTheNewOne() throws Exception {
        ModelLifetime lifetime = new ModelLifetime(Duration.ofSeconds(100), 0, 0.5);
        ModelRepository first = repository(10, shared, history, 2, lifetime);
        ModelRepository second = repository(10, shared, history, 2, lifetime);
        Instant original = first.get("demo-customer-13").model().trainedAt();
        assertThat(second.get("demo-customer-13").source()).isEqualTo(ModelSource.REDIS);

        clock.advance(Duration.ofSeconds(60));
        // both past the refresh age: each answers at once with the model it holds
        assertThat(first.get("demo-customer-13").model().trainedAt()).isEqualTo(original);
        assertThat(second.get("demo-customer-13").model().trainedAt()).isEqualTo(original);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            // later requests start another attempt once the retry interval has passed
            clock.advance(Duration.ofMillis(1100));
            first.get("demo-customer-13");
            second.get("demo-customer-13");
            assertThat(first.peek("demo-customer-13").orElseThrow().model().trainedAt()).isAfter(original);
            assertThat(second.peek("demo-customer-13").orElseThrow().model().trainedAt())
                    .isEqualTo(first.peek("demo-customer-13").orElseThrow().model().trainedAt());
        });
        assertThat(history.reads()).as("one training, one refresh").isEqualTo(2);
    }

    @Test
    void warmStartLoadsTheMostRecentlyUsedModelsUpToItsCount() {
        ModelRepository first = repository(10, shared);
        first.get("demo-customer-01");
        first.get("demo-customer-02");
        first.get("demo-customer-03");

        ModelRepository starting = repository(10, shared);
        assertThat(starting.warmStart(2, Duration.ofSeconds(30))).hasSize(2);

        assertThat(starting.modelsHeld()).isEqualTo(2);
        assertThat(starting.get("demo-customer-03").source()).isEqualTo(ModelSource.MEMORY);
        assertThat(starting.get("demo-customer-02").source()).isEqualTo(ModelSource.MEMORY);
        assertThat(starting.get("demo-customer-01").source()).isEqualTo(ModelSource.REDIS);
        assertThat(history.reads()).isEqualTo(3);
    }

    @Test
    void warmStartGivesUpAtItsTimeLimit() {
        ModelRepository first = repository(10, shared);
        first.get("demo-customer-01");

        ModelRepository starting = repository(10, shared);

        assertThat(starting.warmStart(10, Duration.ZERO)).isEmpty();
        assertThat(starting.modelsHeld()).isZero();
    }
}
