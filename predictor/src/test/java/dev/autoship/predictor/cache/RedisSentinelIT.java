package dev.autoship.predictor.cache;

import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.testing.RedisProcess;
import dev.autoship.testing.RedisSentinels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two predictors on a master, a replica and three sentinels: the master fails during predictions (killed, or hung
 * like a SIGSTOP'd process), the sentinels promote the replica, and the predictors follow it without a restart.
 */
class RedisSentinelIT {

    /** The load leaves these alone, so what the test does with them is all that happens to them (31 and 32 have too little history). */
    private static final List<String> CHECKED = DemoDataSet.customerIds().subList(26, 30);
    private static final List<String> LOADED = DemoDataSet.customerIds().subList(0, 26);

    private RedisSentinels redis;
    private PredictorInstance one;
    private PredictorInstance two;

    @BeforeEach
    void start() {
        redis = RedisSentinels.start();
        Map<String, String> env = Map.of("AUTOSHIP_REDIS_SENTINELS", redis.sentinelAddresses(),
                "AUTOSHIP_REDIS_SENTINEL_MASTER", RedisSentinels.MASTER_NAME);
        one = PredictorInstance.start(env);
        two = PredictorInstance.start(env);
    }

    @AfterEach
    void stop() {
        one.close();
        two.close();
        redis.close();
    }

    @Test
    void aKilledMasterIsFollowedToThePromotedReplicaWithoutAFailedPrediction() throws Exception {
        failOverDuringPredictions(master -> {
            master.kill();
            assertThat(master.exitStatus()).as("ended by SIGKILL, not shut down").hasValue(128 + 9);
        });
    }

    @Test
    void aHungMasterIsFollowedToThePromotedReplicaAndDeletionsReachEveryInstanceAgain() throws Exception {
        failOverDuringPredictions(RedisProcess::pause);
    }

    private void failOverDuringPredictions(Consumer<RedisProcess> fail) throws Exception {
        RedisProcess master = redis.masterNow().orElseThrow();
        RedisProcess replica = redis.dataNodes().stream().filter(node -> node != master).findFirst().orElseThrow();
        String shared = CHECKED.get(0);
        assertThat(one.predict(shared).source()).isEqualTo("trained");
        assertThat(two.predict(shared).source()).as("shared through the first master").isEqualTo("redis");

        try (PredictionLoad load = new PredictionLoad(List.of(one, two), LOADED, 6)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> load.predictions() > 50);
            fail.accept(master);
            await().atMost(Duration.ofSeconds(30)).until(() -> redis.masterNow().filter(replica::equals).isPresent());
            int beforePromotion = load.predictions();

            // shared again: stored by one instance on the promoted replica and read from there by the other
            one.awaitSharedWith(two, CHECKED.get(1), replica);

            // a deletion made through one instance reaches the other's memory again
            String held = CHECKED.get(2);
            assertThat(two.predict(held).status()).isEqualTo(200);
            PredictorInstance.Answer fromMemory = two.predict(held);
            assertThat(fromMemory.source()).as(String.valueOf(fromMemory)).isEqualTo("memory");
            assertThat(one.delete(held).status()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(two.predict(held).source()).isNotEqualTo("memory"));

            await().atMost(Duration.ofSeconds(10)).until(() -> load.predictions() > beforePromotion + 50);
            load.close();
            assertThat(load.failures()).isEmpty();
        }
    }
}
