package dev.autoship.predictor.cache;

import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.HistorySource;
import dev.autoship.testing.RedisClusterNodes;
import dev.autoship.testing.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Predictors on a Redis Cluster of three masters, found from one seed: models, the training lock, refresh-ahead,
 * the recency index and deletions work across slots and masters.
 */
class RedisClusterIT {

    /** 31 and 32 have too little history to train. */
    private static final List<String> CUSTOMERS = DemoDataSet.customerIds().subList(0, 30);

    /** Requests at once, each on its own thread (the common pool may have one thread, and would run them in turn). */
    private static final ExecutorService REQUESTS = Executors.newVirtualThreadPerTaskExecutor();
    private static RedisClusterNodes cluster;
    private static final List<PredictorInstance> STARTED = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterNodes.start(3);
    }

    @AfterAll
    static void stopAll() {
        STARTED.forEach(PredictorInstance::close);
        cluster.close();
        REQUESTS.close();
    }

    private static PredictorInstance predictor(String keyPrefix, Map<String, String> more) {
        return predictor(keyPrefix, more, UnaryOperator.identity());
    }

    private static PredictorInstance predictor(String keyPrefix, Map<String, String> more, UnaryOperator<HistorySource> history) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("AUTOSHIP_REDIS_CLUSTER_NODES", cluster.seed(),
                "AUTOSHIP_REDIS_KEY_PREFIX", keyPrefix));
        env.putAll(more);
        PredictorInstance started = PredictorInstance.start(env, history);
        STARTED.add(started);
        return started;
    }

    private static long modelKeys(RedisProcess node, String keyPrefix) {
        try (Jedis jedis = node.client()) {
            return jedis.keys(keyPrefix + ":{*}:model:*").size();
        }
    }

    @Test
    void modelsStoredByOneInstanceAreReadByAnotherAndSpreadOverEveryMaster() {
        PredictorInstance one = predictor("shared", Map.of());
        PredictorInstance two = predictor("shared", Map.of());

        for (String customer : CUSTOMERS) {
            assertThat(one.predict(customer).source()).isEqualTo("trained");
            assertThat(two.predict(customer).source()).as(customer).isEqualTo("redis");
        }

        assertThat(cluster.masters()).allSatisfy(node -> assertThat(modelKeys(node, "shared")).isPositive());
        assertThat(cluster.masters().stream().mapToLong(node -> modelKeys(node, "shared")).sum()).isEqualTo(CUSTOMERS.size());
        assertThat(cluster.masters()).as("the recency shards spread too").allSatisfy(node -> {
            try (Jedis jedis = node.client()) {
                assertThat(jedis.keys("shared:recent:*")).isNotEmpty();
            }
        });
    }

    @Test
    void whileOneInstanceTrainsUnderTheLockTheOtherFollowsItAndReadsItsModelOnEveryMaster() throws Exception {
        HeldHistory held = new HeldHistory();
        HeldHistory watched = new HeldHistory();
        PredictorInstance one = predictor("locking", Map.of(), held::around);
        PredictorInstance two = predictor("locking", Map.of(), watched::around);
        watched.forgetReads();

        for (int master = 0; master < 3; master++) {
            String customer = onMaster(master);
            String lockKey = "locking:{" + customer + "}:lock";
            RedisProcess node = cluster.masters().get(master);
            held.hold(customer);
            CompletableFuture<PredictorInstance.Answer> first = CompletableFuture.supplyAsync(() -> one.predict(customer), REQUESTS);
            CompletableFuture<PredictorInstance.Answer> second;
            try {
                assertThat(held.awaitReading(customer, Duration.ofSeconds(20))).as("one trains " + customer).isTrue();
                try (Jedis jedis = node.client()) {
                    assertThat(jedis.exists(lockKey)).as("the lock of %s lies on master %d, with its model", customer, master).isTrue();
                }
                try (CommandWatch following = CommandWatch.start(node, "exists", lockKey)) {
                    second = CompletableFuture.supplyAsync(() -> two.predict(customer), REQUESTS);
                    await().atMost(Duration.ofSeconds(10)).until(() -> following.seen() || second.isDone());
                    assertThat(second).as("two answered while one held the lock of " + customer).isNotDone();
                }
            } finally {
                held.release(customer);
            }
            PredictorInstance.Answer trained = first.get(30, TimeUnit.SECONDS);
            PredictorInstance.Answer followed = second.get(30, TimeUnit.SECONDS);
            assertThat(trained.source()).as(customer).isEqualTo("trained");
            assertThat(followed.source()).as(customer).isEqualTo("redis");
            assertThat(followed.trainedAt()).isEqualTo(trained.trainedAt());
            assertThat(watched.wasRead(customer)).as("two read the history of " + customer).isFalse();
        }
    }

    @Test
    void refreshAheadAcrossTwoInstancesTrainsOnceAndBothEndOnTheNewModelOnEveryMaster() {
        Map<String, String> shortLives = Map.of("AUTOSHIP_MODEL_CACHE_TTL", "PT8S", "AUTOSHIP_MODEL_TTL_JITTER", "0",
                "AUTOSHIP_MODEL_REFRESH_AT", "0.5");
        PredictorInstance one = predictor("refresh", shortLives);
        PredictorInstance two = predictor("refresh", shortLives);
        Map<String, String> original = new java.util.HashMap<>();
        for (String customer : List.of(onMaster(0), onMaster(1), onMaster(2))) {
            original.put(customer, one.predict(customer).trainedAt());
            assertThat(two.predict(customer).source()).isEqualTo("redis");
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(original).allSatisfy((customer, trainedAt) -> {
            PredictorInstance.Answer fromOne = one.predict(customer);
            PredictorInstance.Answer fromTwo = two.predict(customer);
            assertThat(List.of(fromOne.source(), fromTwo.source())).as(customer).containsOnly("memory");
            assertThat(fromOne.trainedAt()).as(customer).isNotEqualTo(trainedAt);
            assertThat(fromTwo.trainedAt()).as(customer + " on both instances").isEqualTo(fromOne.trainedAt());
        }));
    }

    @Test
    void aDeletionThroughOneInstanceReachesTheOthersMemoryWhateverMasterHoldsTheModel() {
        PredictorInstance one = predictor("deleting", Map.of());
        PredictorInstance two = predictor("deleting", Map.of());
        List<String> onEveryMaster = List.of(onMaster(0), onMaster(1), onMaster(2));
        for (String customer : onEveryMaster) {
            one.predict(customer);
            assertThat(two.predict(customer).source()).isEqualTo("redis");
            assertThat(two.predict(customer).source()).isEqualTo("memory");
        }

        onEveryMaster.forEach(customer -> assertThat(one.delete(customer).status()).isEqualTo(204));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(onEveryMaster)
                .allSatisfy(customer -> assertThat(two.predict(customer).source()).isNotEqualTo("memory")));
    }

    @Test
    void aStartingInstanceWarmsUpFromTheRecencyShardsOfEveryMaster() {
        PredictorInstance one = predictor("warm", Map.of());
        List<String> recent = CUSTOMERS.subList(0, 12);
        recent.forEach(one::predict);

        PredictorInstance starting = predictor("warm", Map.of("AUTOSHIP_WARM_START_MODELS", "12"));

        assertThat(recent).allSatisfy(customer -> assertThat(starting.predict(customer).source()).isEqualTo("memory"));
    }

    @Test
    void aHungMasterCostsACallNoMoreThanAboutTheTimeout() {
        try (RedisClusterNodes own = RedisClusterNodes.start(3);
             RedisSharedModelCache cache = new RedisSharedModelCache(PredictorSettings.from(Map.of(
                     "AUTOSHIP_REDIS_CLUSTER_NODES", own.seed(), "AUTOSHIP_REDIS_TIMEOUT", "PT0.3S")).redis().orElseThrow())) {
            String customer = onMaster(1);
            cache.put(customer, new byte[]{1, 2, 3}, Duration.ofMinutes(1));
            assertThat(cache.get(customer)).hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(1, 2, 3));
            own.masters().get(1).pause();

            long started = System.nanoTime();
            assertThat(cache.get(customer)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(900));
            started = System.nanoTime();
            assertThat(cache.get(onMaster(0))).as("resting after the failure").isEmpty();
            // resting means not asking Redis at all: less than one timeout, whatever else the machine is doing
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(300));

            own.masters().get(1).unpause();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(cache.get(customer)).hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(1, 2, 3)));
        }
    }

    /** Scheduling slack of this machine on top of a bound the settings give (a loaded 2-core machine: generous). */
    private static final Duration SLACK = Duration.ofMillis(500);

    private static RedisSharedModelCache cacheOn(String seeds, Duration timeout) {
        return new RedisSharedModelCache(PredictorSettings.from(Map.of("AUTOSHIP_REDIS_CLUSTER_NODES", seeds,
                "AUTOSHIP_REDIS_TIMEOUT", timeout.toString())).redis().orElseThrow());
    }

    private static Duration timed(Runnable call) {
        long started = System.nanoTime();
        call.run();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    @Test
    void aHungMasterWithAReplicaCostsEachCallAtMostTheTimeoutAndItsSlotsAreReadFromTheReplicaOnceItIsPromoted() {
        Duration timeout = Duration.ofMillis(500);
        try (RedisClusterNodes own = RedisClusterNodes.start(3, true); RedisSharedModelCache cache = cacheOn(own.seed(), timeout)) {
            String customer = onMaster(1);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                cache.put(customer, new byte[]{1, 2, 3}, Duration.ofMinutes(5));
                assertThat(cache.get(customer)).isPresent();
            });
            try (Jedis replica = own.replicaOf(1).client()) {
                replica.readonly();
                await().atMost(Duration.ofSeconds(10)).until(() -> replica.get(cache.modelKey(customer)) != null);
            }

            own.masters().get(1).pause();
            List<Duration> waits = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                AtomicReference<Optional<byte[]>> read = new AtomicReference<>();
                waits.add(timed(() -> read.set(cache.get(customer))));
                assertThat(read.get()).as("read from the promoted replica").hasValueSatisfying(bytes ->
                        assertThat(bytes).containsExactly(1, 2, 3));
            });

            assertThat(RedisClusterNodes.isMasterNow(own.replicaOf(1))).isTrue();
            assertThat(waits).as("calls sent to the hung master").anySatisfy(wait -> assertThat(wait).isGreaterThanOrEqualTo(timeout));
            assertThat(waits).allSatisfy(wait -> assertThat(wait).isLessThanOrEqualTo(timeout.plus(SLACK)));
        }
    }

    @Test
    void everySeedHungAtTheFirstCallCostsOneTimeoutNotOnePerSeed() {
        Duration timeout = Duration.ofMillis(500);
        try (RedisClusterNodes own = RedisClusterNodes.start(3)) {
            String seeds = String.join(",", own.masters().stream().map(RedisProcess::address).toList());
            own.masters().forEach(RedisProcess::pause);
            try (RedisSharedModelCache cache = cacheOn(seeds, timeout)) {
                AtomicReference<Optional<byte[]>> read = new AtomicReference<>();
                Duration waited = timed(() -> read.set(cache.get(onMaster(0))));
                assertThat(read.get()).isEmpty();
                assertThat(waited).as("Jedis asks each seed in turn, a timeout each").isLessThanOrEqualTo(timeout.plus(SLACK));
            }
        }
    }

    @Test
    void aHungMasterOfAClusterWithReplicasCostsNoPredictionAndItsSlotsAreSharedAgainAfterThePromotion() throws Exception {
        try (RedisClusterNodes own = RedisClusterNodes.start(3, true)) {
            Map<String, String> env = Map.of("AUTOSHIP_REDIS_CLUSTER_NODES", own.seed());
            PredictorInstance one = PredictorInstance.start(env);
            PredictorInstance two = PredictorInstance.start(env);
            try {
                List<String> onTheHungMaster = CUSTOMERS.stream().filter(customer -> masterOf(customer) == 1).limit(2).toList();
                List<String> loaded = CUSTOMERS.stream().filter(customer -> !onTheHungMaster.contains(customer)).toList();
                String before = onTheHungMaster.get(0);
                assertThat(one.predict(before).source()).isEqualTo("trained");
                assertThat(two.predict(before).source()).isEqualTo("redis");

                try (PredictionLoad load = new PredictionLoad(List.of(one, two), loaded, 6)) {
                    await().atMost(Duration.ofSeconds(20)).until(() -> load.predictions() > 50);
                    own.masters().get(1).pause();
                    await().atMost(Duration.ofSeconds(30)).until(() -> RedisClusterNodes.isMasterNow(own.replicaOf(1)));
                    int beforePromotion = load.predictions();

                    one.awaitSharedWith(two, onTheHungMaster.get(1), own.replicaOf(1));

                    await().atMost(Duration.ofSeconds(10)).until(() -> load.predictions() > beforePromotion + 50);
                    load.close();
                    assertThat(load.failures()).isEmpty();
                }
            } finally {
                one.close();
                two.close();
            }
        }
    }

    /** A customer whose keys lie on the master at {@code index} (each master holds an equal range of slots). */
    private static String onMaster(int index) {
        return CUSTOMERS.stream().filter(customer -> masterOf(customer) == index).findFirst().orElseThrow();
    }

    private static int masterOf(String customer) {
        return JedisClusterCRC16.getSlot("{" + customer + "}") * 3 / RedisClusterNodes.SLOTS;
    }
}
