package dev.autoship.predictor.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.predictor.PredictorServer;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.history.HistorySource;
import dev.autoship.predictor.outcome.ModelQuality;
import dev.autoship.testing.RedisProcess;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A predictor in this JVM on the embedded demo history and a shared Redis, driven over HTTP. */
record PredictorInstance(PredictorServer server, HttpClient http) implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDER = read(Path.of("..", "examples", "order.json"));

    record Answer(int status, JsonNode body) {
        String source() {
            return body == null ? "" : body.at("/model/source").asText();
        }

        String trainedAt() {
            return body.at("/model/trainedAt").asText();
        }
    }

    /** Started on free ports with the given Redis variables; warm start off unless {@code redis} says so. */
    static PredictorInstance start(Map<String, String> redis) {
        return start(redis, UnaryOperator.identity());
    }

    /** @param history wraps the embedded demo history (to hold or watch its reads) */
    static PredictorInstance start(Map<String, String> redis, UnaryOperator<HistorySource> history) {
        Map<String, String> env = new HashMap<>(Map.of(
                "AUTOSHIP_SERVER_PORT", "0", "AUTOSHIP_MANAGEMENT_PORT", "0",
                "AUTOSHIP_REDIS_TIMEOUT", "PT0.3S",
                "AUTOSHIP_SHUTDOWN_GRACE", "PT0S",
                "AUTOSHIP_WARM_START_MODELS", "0"));
        env.putAll(redis);
        return new PredictorInstance(PredictorServer.create(PredictorSettings.from(env), ModelQuality.VALIDATED, history).start(),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    Answer predict(String customerId) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/predictions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ORDER.replace("demo-customer-01", customerId))));
    }

    /**
     * Models are shared again (within the 10 s): a model of {@code customer} that this instance deletes,
     * trains and stores is read from Redis by {@code reading}, and it lies on {@code node}.
     */
    void awaitSharedWith(PredictorInstance reading, String customer, RedisProcess node) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(delete(customer).status()).isEqualTo(204);
            assertThat(predict(customer).source()).isEqualTo("trained");
            assertThat(reading.predict(customer).source()).isEqualTo("redis");
        });
        try (Jedis jedis = node.client()) {
            assertThat(jedis.keys("*{" + customer + "}:model:*")).as("stored on " + node.address()).hasSize(1);
        }
    }

    /** The admin operation, on the management port. */
    Answer delete(String customerId) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.managementPort() + "/v1/models/"
                + customerId)).DELETE());
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
