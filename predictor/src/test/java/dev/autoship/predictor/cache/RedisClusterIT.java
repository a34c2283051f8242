package dev.autoship.predictor.cache;

import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.history.DemoDataSet;
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
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Predictors on a Redis Cluster of three masters, found from one seed: models, the training lock, refresh-ahead,
 * the recency index and deletions work across slots and masters.
 */
class RedisClusterIT {

    /** 31 and 32 have too little history to train. */
    private static final List<String> CUSTOMERS = DemoDataSet.customerIds().subList(0, 30);

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
    }

    private static PredictorInstance predictor(String keyPrefix, Map<String, String> more) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("AUTOSHIP_REDIS_CLUSTER_NODES", cluster.seed(),
                "AUTOSHIP_REDIS_KEY_PREFIX", keyPrefix));
        env.putAll(more);
        PredictorInstance started = PredictorInstance.start(env);
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
    void twoInstancesAskedAtOnceTrainOnceWhateverMasterHoldsTheLock() {
        PredictorInstance one = predictor("together", Map.of());
        PredictorInstance two = predictor("together", Map.of());
        List<String> onEveryMaster = List.of(onMaster(0), onMaster(1), onMaster(2));

        for (String customer : onEveryMaster) {
            CompletableFuture<PredictorInstance.Answer> first = CompletableFuture.supplyAsync(() -> one.predict(customer));
            CompletableFuture<PredictorInstance.Answer> second = CompletableFuture.supplyAsync(() -> two.predict(customer));
            assertThat(List.of(first.join().source(), second.join().source())).as(customer)
                    .containsExactlyInAnyOrder("trained", "redis");
        }
    }

    @Test
    void refreshAheadAcrossTwoInstancesTrainsOnceAndBothEndOnTheNewModel() {
        Map<String, String> shortLives = Map.of("AUTOSHIP_MODEL_CACHE_TTL", "PT8S", "AUTOSHIP_MODEL_TTL_JITTER", "0",
                "AUTOSHIP_MODEL_REFRESH_AT", "0.5");
        PredictorInstance one = predictor("refresh", shortLives);
        PredictorInstance two = predictor("refresh", shortLives);
        String customer = onMaster(2);
        String original = one.predict(customer).trainedAt();
        assertThat(two.predict(customer).source()).isEqualTo("redis");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PredictorInstance.Answer fromOne = one.predict(customer);
            PredictorInstance.Answer fromTwo = two.predict(customer);
            assertThat(List.of(fromOne.source(), fromTwo.source())).containsOnly("memory");
            assertThat(fromOne.trainedAt()).isNotEqualTo(original);
            assertThat(fromTwo.trainedAt()).isEqualTo(fromOne.trainedAt());
        });
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
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));

            own.masters().get(1).unpause();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(cache.get(customer)).hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(1, 2, 3)));
        }
    }

    /** A customer whose keys lie on the master at {@code index} (each master holds an equal range of slots). */
    private static String onMaster(int index) {
        return CUSTOMERS.stream()
                .filter(customer -> JedisClusterCRC16.getSlot("{" + customer + "}") * 3 / RedisClusterNodes.SLOTS == index)
                .findFirst().orElseThrow();
    }
}
