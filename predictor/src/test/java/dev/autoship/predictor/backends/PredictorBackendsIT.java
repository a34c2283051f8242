package dev.autoship.predictor.backends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.predictor.PredictorServer;
import dev.autoship.predictor.cache.RedisSharedModelCache;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.model.ModelCodec;
import dev.autoship.predictor.training.LockKeeper;
import dev.autoship.testing.ElasticsearchNode;
import dev.autoship.testing.FreePort;
import dev.autoship.testing.RedisNode;
import dev.autoship.testing.ShipmentIndex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The predictor on its production backends, a real Elasticsearch 8.19 and a real Redis, proven over HTTP:
 * training, the cache tiers across instances, TTL, and each degraded case.
 */
@ExtendWith(RealBackends.class)
class PredictorBackendsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INDEX = "shipments-it";
    private static final String BIG_CUSTOMER = "big-customer";
    private static final int BIG_HISTORY = 7000;

    private static ElasticsearchNode elasticsearch;
    private static RedisNode redis;
    private static String orderTemplate;
    private static List<Shipment> bigHistory;
    private static final List<AutoCloseable> CLEANUP = new ArrayList<>();

    @BeforeAll
    static void loadHistory(ElasticsearchNode es, RedisNode sharedRedis) throws IOException {
        elasticsearch = es;
        redis = sharedRedis;
        orderTemplate = Files.readString(Path.of("..", "examples", "order.json"));
        DemoDataSet data = new DemoDataSet(Instant.now());
        bigHistory = data.generate(BIG_CUSTOMER, BIG_HISTORY).stream().map(DemoShipment::shipment).toList();
        try (ShipmentIndex index = new ShipmentIndex(es.url(), INDEX)) {
            for (String customer : DemoDataSet.customerIds()) {
                index.add(ShipmentDocuments.of(data.shipments(customer).stream().map(DemoShipment::shipment).toList()));
            }
            index.add(ShipmentDocuments.of(bigHistory));
        }
    }

    @AfterAll
    static void stopPredictors() throws Exception {
        for (AutoCloseable closeable : CLEANUP.reversed()) {
            closeable.close();
        }
    }

    record Answer(int status, JsonNode body, HttpResponse<String> response, Duration took) {
        String source() {
            return body.at("/model/source").asText();
        }
    }

    record Predictor(PredictorServer server, HttpClient http) {

        Answer predict(String customerId) {
            return send(HttpRequest.newBuilder(uri("/v1/predictions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(orderTemplate.replace("demo-customer-01", customerId))));
        }

        Answer send(HttpRequest.Builder request) {
            long started = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return new Answer(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()),
                        response, Duration.ofNanos(System.nanoTime() - started));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + server.port() + path);
        }

        /** Health, metrics and the admin operations. */
        URI managementUri(String path) {
            return URI.create("http://127.0.0.1:" + server.managementPort() + path);
        }
    }

    private static Predictor predictor(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(Map.of(
                "AUTOSHIP_SERVER_PORT", "0", "AUTOSHIP_MANAGEMENT_PORT", "0",
                "AUTOSHIP_ELASTICSEARCH_URL", elasticsearch.url(),
                "AUTOSHIP_ELASTICSEARCH_INDEX", INDEX,
                "AUTOSHIP_REDIS_URL", redis.url(),
                "AUTOSHIP_REDIS_TIMEOUT", "PT0.3S",
                "AUTOSHIP_SHUTDOWN_GRACE", "PT0S",
                // instances here share one Redis: each test says whether a starting instance warms up from it
                "AUTOSHIP_WARM_START_MODELS", "0"));
        env.putAll(overrides);
        PredictorServer server = PredictorServer.create(PredictorSettings.from(env)).start();
        CLEANUP.add(server);
        return new Predictor(server, HttpClient.newHttpClient());
    }

    private static String unreachableUrl() {
        return "http://127.0.0.1:" + FreePort.find();
    }

    private static String modelKey(String prefix, String customerId) {
        return prefix + ":{" + customerId + "}:model:" + ModelCodec.FORMAT_VERSION;
    }

    @Test
    void firstRequestTrainsSecondIsFromMemoryAndAnotherInstanceLoadsFromRedisWithoutElasticsearch() {
        Predictor first = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "tiers"));

        Answer trained = first.predict("demo-customer-01");
        Answer remembered = first.predict("demo-customer-01");

        assertThat(trained.status()).isEqualTo(200);
        assertThat(trained.source()).isEqualTo("trained");
        assertThat(remembered.source()).isEqualTo("memory");
        try (Jedis jedis = redis.client()) {
            assertThat(jedis.exists(modelKey("tiers", "demo-customer-01"))).isTrue();
            assertThat(jedis.pttl(modelKey("tiers", "demo-customer-01"))).isBetween(1L, Duration.ofHours(24).toMillis());
        }

        // this instance cannot reach any Elasticsearch: its answer must come from Redis
        Predictor second = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "tiers",
                "AUTOSHIP_ELASTICSEARCH_URL", unreachableUrl()));
        Answer shared = second.predict("demo-customer-01");

        assertThat(shared.status()).isEqualTo(200);
        assertThat(shared.source()).isEqualTo("redis");
        assertThat(shared.body().at("/model/trainedAt")).isEqualTo(trained.body().at("/model/trainedAt"));
        assertThat(shared.body().get("shipment")).isEqualTo(trained.body().get("shipment"));
    }

    @Test
    void trainingUsesTheNewestShipmentsInsideTheWindowUpToTheMaximum() {
        Predictor capped = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "capped", "AUTOSHIP_MAX_EXAMPLES", "5000"));
        Predictor windowed = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "windowed", "AUTOSHIP_HISTORY_WINDOW", "P30D"));
        long inThirtyDays = bigHistory.stream()
                .filter(s -> s.shippedAt().isAfter(Instant.now().minus(Duration.ofDays(30))))
                .count();

        Answer cappedAnswer = capped.predict(BIG_CUSTOMER);
        Answer windowedAnswer = windowed.predict(BIG_CUSTOMER);

        assertThat(cappedAnswer.body().at("/model/examples").asInt()).isEqualTo(5000);
        assertThat(windowedAnswer.body().at("/model/examples").asLong()).isBetween(inThirtyDays - 1, inThirtyDays + 1);
    }

    @Test
    void modelIsRetrainedAfterItsTimeToLive() throws Exception {
        Predictor predictor = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "ttl", "AUTOSHIP_MODEL_CACHE_TTL", "PT2S"));
        Answer first = predictor.predict("demo-customer-02");
        try (Jedis jedis = redis.client()) {
            assertThat(jedis.pttl(modelKey("ttl", "demo-customer-02"))).isBetween(1L, 2000L);
        }

        Thread.sleep(2500);

        try (Jedis jedis = redis.client()) {
            assertThat(jedis.exists(modelKey("ttl", "demo-customer-02"))).isFalse();
        }
        Answer again = predictor.predict("demo-customer-02");
        assertThat(first.source()).isEqualTo("trained");
        assertThat(again.source()).isEqualTo("trained");
        assertThat(Instant.parse(again.body().at("/model/trainedAt").asText()))
                .isAfter(Instant.parse(first.body().at("/model/trainedAt").asText()));
    }

    @Test
    void redisDownLeavesPredictionsWorkingAndSharingResumesWhenItReturns() throws Exception {
        try (RedisNode ownRedis = RedisNode.start()) {
            Predictor predictor = predictor(Map.of("AUTOSHIP_REDIS_URL", ownRedis.url(),
                    "AUTOSHIP_REDIS_KEY_PREFIX", "outage"));
            ownRedis.stop();

            Answer whileDown = predictor.predict("demo-customer-03");
            Answer fromMemory = predictor.predict("demo-customer-03");

            assertThat(whileDown.status()).isEqualTo(200);
            assertThat(whileDown.source()).isEqualTo("trained");
            assertThat(fromMemory.source()).isEqualTo("memory");

            ownRedis.resume();
            Thread.sleep(1500);  // the predictor leaves a failed Redis alone for about a second
            Answer afterReturn = predictor.predict("demo-customer-04");

            assertThat(afterReturn.source()).isEqualTo("trained");
            try (Jedis jedis = ownRedis.client()) {
                assertThat(jedis.exists(modelKey("outage", "demo-customer-04"))).isTrue();
            }
        }
    }

    @Test
    void redisThatStopsAnsweringDoesNotHoldPredictionsUntilItAnswersAgain() {
        try (RedisNode ownRedis = RedisNode.start(); Jedis admin = ownRedis.client()) {
            Predictor predictor = predictor(Map.of("AUTOSHIP_REDIS_URL", ownRedis.url(),
                    "AUTOSHIP_REDIS_KEY_PREFIX", "paused"));
            predictor.predict("demo-customer-05");  // the pool now holds a live connection
            long pauseMillis = 8000;
            admin.clientPause(pauseMillis);
            long pausedAt = System.nanoTime();

            Answer answer = predictor.predict("demo-customer-06");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.source()).isEqualTo("trained");
            assertThat(Duration.ofNanos(System.nanoTime() - pausedAt)).isLessThan(Duration.ofMillis(pauseMillis));
        }
    }

    @Test
    void elasticsearchDownServesCachedCustomersAndTellsOthersToRetry() {
        predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "es-down")).predict("demo-customer-07");
        Predictor cutOff = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "es-down",
                "AUTOSHIP_ELASTICSEARCH_URL", unreachableUrl(), "AUTOSHIP_ELASTICSEARCH_TIMEOUT", "PT1S"));

        Answer cached = cutOff.predict("demo-customer-07");
        Answer uncached = cutOff.predict("demo-customer-08");

        assertThat(cached.status()).isEqualTo(200);
        assertThat(cached.source()).isEqualTo("redis");
        assertThat(uncached.status()).isEqualTo(503);
        assertThat(uncached.body().get("error").asText()).isEqualTo("history_unavailable");
        assertThat(uncached.response().headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
    }

    @Test
    void elasticsearchThatNeverAnswersGives503AfterTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> accepted = new ArrayList<>();
            CompletableFuture<Void> acceptor = CompletableFuture.runAsync(() -> {
                try {
                    while (!silent.isClosed()) {
                        accepted.add(silent.accept());  // accept, read nothing, answer nothing
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            Predictor predictor = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "es-silent",
                    "AUTOSHIP_ELASTICSEARCH_URL", "http://127.0.0.1:" + silent.getLocalPort(),
                    "AUTOSHIP_ELASTICSEARCH_TIMEOUT", "PT1S"));

            Answer answer = predictor.predict("demo-customer-09");

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.body().get("error").asText()).isEqualTo("history_unavailable");
            assertThat(answer.took()).isLessThan(Duration.ofSeconds(30));
            silent.close();
            acceptor.join();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    @Test
    void corruptBytesUnderAModelKeyAreIgnoredAndReplacedByARetrainedModel() {
        try (Jedis jedis = redis.client()) {
            jedis.set(modelKey("corrupt", "demo-customer-10").getBytes(), new byte[]{0x0a, (byte) 0xff, 0x13, 0x37, 0x00});
        }
        Predictor predictor = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "corrupt"));

        Answer answer = predictor.predict("demo-customer-10");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.source()).isEqualTo("trained");
        Predictor other = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "corrupt"));
        assertThat(other.predict("demo-customer-10").source()).isEqualTo("redis");
    }

    @Test
    void deletingAModelRemovesItFromRedisToo() {
        Predictor predictor = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "delete"));
        predictor.predict("demo-customer-11");

        Answer deleted = predictor.send(HttpRequest.newBuilder(predictor.managementUri("/v1/models/demo-customer-11")).DELETE());
        Answer metadata = predictor.send(HttpRequest.newBuilder(predictor.uri("/v1/models/demo-customer-11")).GET());

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(metadata.status()).isEqualTo(404);
        try (Jedis jedis = redis.client()) {
            assertThat(jedis.exists(modelKey("delete", "demo-customer-11"))).isFalse();
        }
        assertThat(predictor.predict("demo-customer-11").source()).isEqualTo("trained");
    }

    @Test
    void aModelDeletedThroughOneInstanceIsNoLongerServedByAnother() {
        Predictor first = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "propagate"));
        Predictor second = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "propagate"));
        first.predict("demo-customer-12");
        assertThat(second.predict("demo-customer-12").source()).isEqualTo("redis");
        assertThat(second.predict("demo-customer-12").source()).isEqualTo("memory");

        Answer deleted = first.send(HttpRequest.newBuilder(first.managementUri("/v1/models/demo-customer-12")).DELETE());

        assertThat(deleted.status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                second.send(HttpRequest.newBuilder(second.uri("/v1/models/demo-customer-12")).GET()).status())
                .as("the other instance dropped its copy").isEqualTo(404));
        assertThat(second.predict("demo-customer-12").source()).isEqualTo("trained");
    }

    @Test
    void deletionsAnnouncedWhileAnInstanceWasNotListeningReachItWhenItListens() {
        PredictorSettings settings = PredictorSettings.from(Map.of("AUTOSHIP_REDIS_URL", redis.url(),
                "AUTOSHIP_REDIS_KEY_PREFIX", "missed"));
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (RedisSharedModelCache deleting = new RedisSharedModelCache(settings.redis().orElseThrow());
             RedisSharedModelCache late = new RedisSharedModelCache(settings.redis().orElseThrow())) {
            deleting.delete("demo-customer-13");  // announced before the other instance listens

            late.onDeleted(heard::add);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).contains("demo-customer-13"));
        }
    }

    @Test
    void aDeletionListenerListensAgainAfterRedisRestartsAndHearsWhatWasDeletedMeanwhile() {
        try (RedisNode ownRedis = RedisNode.start()) {
            PredictorSettings settings = PredictorSettings.from(Map.of("AUTOSHIP_REDIS_URL", ownRedis.url(),
                    "AUTOSHIP_REDIS_KEY_PREFIX", "restart"));
            List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
            try (RedisSharedModelCache listening = new RedisSharedModelCache(settings.redis().orElseThrow());
                 RedisSharedModelCache deleting = new RedisSharedModelCache(settings.redis().orElseThrow())) {
                listening.onDeleted(heard::add);
                deleting.delete("before-restart");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(heard).contains("before-restart"));

                ownRedis.stop();
                ownRedis.resume();
                // the deleting instance's pooled connections broke with the restart: it deletes again until Redis has it
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                    deleting.delete("after-restart");
                    try (Jedis jedis = ownRedis.client()) {
                        assertThat(jedis.zscore("restart:deleted", "after-restart")).isNotNull();
                    }
                });

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(heard).contains("after-restart"));
            }
        }
    }

    @Test
    void theRecencyIndexIsSpreadOverShardsAndAWarmStartMergesThemByTimeOfUse() throws Exception {
        PredictorSettings settings = PredictorSettings.from(Map.of("AUTOSHIP_REDIS_URL", redis.url(),
                "AUTOSHIP_REDIS_KEY_PREFIX", "shards"));
        try (RedisSharedModelCache cache = new RedisSharedModelCache(settings.redis().orElseThrow());
             Jedis jedis = redis.client()) {
            List<String> used = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                used.add("customer-" + i);
                cache.markUsed("customer-" + i);
                Thread.sleep(2);  // distinct times of use
            }

            assertThat(jedis.keys("shards:recent:*")).as("several shards hold the index").hasSizeGreaterThan(4);
            assertThat(cache.recentlyUsed(5)).containsExactly("customer-39", "customer-38", "customer-37", "customer-36",
                    "customer-35");
            assertThat(cache.recentlyUsed(100)).hasSize(40);
        }
    }

    @Test
    void clustersWithDifferentKeyPrefixesDoNotShareModels() {
        predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "cluster-a")).predict("demo-customer-12");

        Answer otherCluster = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "cluster-b")).predict("demo-customer-12");

        assertThat(otherCluster.source()).isEqualTo("trained");
    }

    @Test
    void twoInstancesAskedAtOnceTrainOnceAndShareTheModel() {
        Predictor one = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "together"));
        Predictor two = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "together"));

        CompletableFuture<Answer> first = CompletableFuture.supplyAsync(() -> one.predict("demo-customer-13"));
        CompletableFuture<Answer> second = CompletableFuture.supplyAsync(() -> two.predict("demo-customer-13"));

        assertThat(List.of(first.join().source(), second.join().source())).containsExactlyInAnyOrder("trained", "redis");
    }

    /**
     * A counter of the predictor's Prometheus text, summed over its series whose labels contain {@code labels}.
     * Every predictor of this JVM shares Helidon's global registry: compare before and after.
     */
    private static double metric(Predictor predictor, String name, String labels) {
        String text;
        try {
            text = predictor.http().send(HttpRequest.newBuilder(predictor.managementUri("/observe/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return text.lines()
                .filter(line -> line.startsWith(name + "{") && line.contains(labels))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void hungElasticsearchAnswersEveryWaitingRequestWithin503AfterTheTimeoutAndCachedCustomersAtOnce() throws Exception {
        Predictor predictor = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "es-hung",
                "AUTOSHIP_ELASTICSEARCH_TIMEOUT", "PT2S"));
        // (a cold JVM on a busy machine may need more than the timeout for its very first read)
        await().atMost(Duration.ofSeconds(60)).until(() -> predictor.predict("demo-customer-01").status() == 200);
        elasticsearch.pause();
        try {
            List<CompletableFuture<Answer>> waiting = new ArrayList<>();
            for (int i = 2; i <= 21; i++) {
                String customer = DemoDataSet.customerId(i);
                waiting.add(CompletableFuture.supplyAsync(() -> predictor.predict(customer)));
            }
            Answer cached = predictor.predict("demo-customer-01");

            assertThat(cached.status()).isEqualTo(200);
            for (CompletableFuture<Answer> answer : waiting) {
                assertThat(answer.join().status()).isEqualTo(503);
                // the timeout bounds each read, however many wait (before: the k-th waited about k/2 timeouts)
                assertThat(answer.join().took()).isLessThan(Duration.ofSeconds(5));
            }
        } finally {
            elasticsearch.unpause();
        }
    }

    @Test
    void unknownCustomersAreRememberedAndAskElasticsearchOnce() {
        Predictor predictor = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "unknown"));
        double remembered = metric(predictor, "autoship_model_insufficient_remembered_total", "");

        for (int i = 0; i < 30; i++) {
            assertThat(predictor.predict("no-such-customer").status()).isEqualTo(422);
        }

        assertThat(metric(predictor, "autoship_model_insufficient_remembered_total", "") - remembered).isEqualTo(29);
    }

    @Test
    void modelsStoredInTheFormerFormatAreIgnored() {
        try (Jedis jedis = redis.client()) {
            jedis.set(("old-format:model:m1:demo-customer-14").getBytes(), new byte[] {0x0a, 0x01, 0x02});
        }

        assertThat(predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "old-format")).predict("demo-customer-14").source())
                .isEqualTo("trained");
    }

    @Test
    void anInstanceTakesOverItsOwnOrphanedLockButFollowsAnothersWhichItsHolderKeepsAlive() throws Exception {
        PredictorSettings settings = PredictorSettings.from(Map.of("AUTOSHIP_REDIS_URL", redis.url(),
                "AUTOSHIP_REDIS_KEY_PREFIX", "orphan"));
        try (RedisSharedModelCache mine = new RedisSharedModelCache(settings.redis().orElseThrow());
             RedisSharedModelCache others = new RedisSharedModelCache(settings.redis().orElseThrow());
             // a lease of 2 s extended every 0.67 s: a shorter one lapsed once at load average 19 (an extension late)
             LockKeeper keeper = new LockKeeper(Duration.ofSeconds(2))) {
            // a lock this instance failed to release (Redis failed, or it was cut at shutdown)
            assertThat(mine.tryLock("demo-customer-15", Duration.ofSeconds(30))).isPresent();
            assertThat(mine.tryLock("demo-customer-15", Duration.ofSeconds(30))).as("taken over, not waited for").isPresent();
            assertThat(others.tryLock("demo-customer-15", Duration.ofSeconds(30))).isEmpty();

            LockKeeper.Kept kept = keeper.keep(others.tryLock("demo-customer-16", Duration.ofSeconds(2)).orElseThrow(),
                    "demo-customer-16");
            Thread.sleep(5000); // two and a half leases: the lock lives only by its extensions
            assertThat(mine.isLocked("demo-customer-16")).as("extended while its holder works").isTrue();
            assertThat(mine.tryLock("demo-customer-16", Duration.ofSeconds(30))).isEmpty();
            kept.close();
            assertThat(mine.isLocked("demo-customer-16")).as("released when done").isFalse();
        }
    }

    @Test
    void aStartingInstanceLoadsTheMostRecentlyUsedModelsBeforeServing() {
        Predictor first = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "warm"));
        for (String customer : List.of("demo-customer-17", "demo-customer-18", "demo-customer-19")) {
            assertThat(first.predict(customer).status()).isEqualTo(200);
        }

        Predictor starting = predictor(Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "warm", "AUTOSHIP_WARM_START_MODELS", "2"));

        assertThat(starting.server().models().modelsHeld()).isEqualTo(2);
        assertThat(starting.predict("demo-customer-19").source()).isEqualTo("memory");
        assertThat(starting.predict("demo-customer-18").source()).isEqualTo("memory");
        assertThat(starting.predict("demo-customer-17").source()).isEqualTo("redis");
    }

    @Test
    void refreshAheadAcrossTwoInstancesKeepsAnsweringTrainsOnceAndBothEndOnTheNewModel() {
        Map<String, String> shortLives = Map.of("AUTOSHIP_REDIS_KEY_PREFIX", "refresh", "AUTOSHIP_MODEL_CACHE_TTL", "PT8S",
                "AUTOSHIP_MODEL_TTL_JITTER", "0", "AUTOSHIP_MODEL_REFRESH_AT", "0.5");
        Predictor one = predictor(shortLives);
        Predictor two = predictor(shortLives);
        double trainings = metric(one, "autoship_model_trainings_total", "");
        String original = one.predict("demo-customer-20").body().at("/model/trainedAt").asText();
        assertThat(two.predict("demo-customer-20").source()).isEqualTo("redis");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Answer fromOne = one.predict("demo-customer-20");
            Answer fromTwo = two.predict("demo-customer-20");
            // answered from memory throughout: the old model until the new one replaces it
            assertThat(List.of(fromOne.source(), fromTwo.source())).containsOnly("memory");
            assertThat(fromOne.body().at("/model/trainedAt").asText()).isNotEqualTo(original);
            assertThat(fromTwo.body().at("/model/trainedAt").asText())
                    .isEqualTo(fromOne.body().at("/model/trainedAt").asText());
        });
        assertThat(metric(one, "autoship_model_trainings_total", "") - trainings)
                .as("the first training and one refresh, both instances counted").isEqualTo(2);
    }
}
