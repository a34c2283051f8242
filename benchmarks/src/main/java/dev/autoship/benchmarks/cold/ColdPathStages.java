package dev.autoship.benchmarks.cold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.benchmarks.history.GeneratedCustomers;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.model.ModelCodec;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.model.ShipmentModelTrainer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * The cold path's stages one at a time, in this JVM, with the predictor's own trainer and codec and
 * the real Elasticsearch and Redis: the history search DESIGN.md describes (the customer's
 * shipments in the window, newest first, capped), training, serialization, SET with a TTL, and on
 * the warm side GET plus deserialization.
 */
final class ColdPathStages implements AutoCloseable {
    private static final String KEY_PREFIX = "bench-stages:";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI elasticsearch;
    private final Jedis redis;
    private final GeneratedCustomers customers;
    private final ShipmentModelTrainer trainer = ShipmentModelTrainer.standard(Clock.systemUTC());
    private final ModelCodec codec = new ModelCodec(trainer.features());

    ColdPathStages(URI elasticsearch, URI redis, GeneratedCustomers customers) {
        this.elasticsearch = elasticsearch;
        this.redis = new Jedis(new HostAndPort(redis.getHost(), redis.getPort()),
                DefaultJedisClientConfig.builder().timeoutMillis(2000).build());
        this.customers = customers;
    }

    record Timings(double fetchMillis, double trainMillis, double serializeMillis, double storeMillis,
                   double loadMillis, int modelBytes) {
    }

    Timings measure(String customerId, int shipments) throws IOException, InterruptedException {
        long start = System.nanoTime();
        int hits = search(customerId, shipments);
        long fetched = System.nanoTime();
        if (hits != shipments) {
            throw new IllegalStateException("Elasticsearch returned " + hits + " shipments of " + customerId + ", expected " + shipments);
        }
        List<Shipment> history = customers.history(customerId, shipments);
        long trainStart = System.nanoTime();
        ShipmentModel model = trainer.train(customerId, history);
        long trained = System.nanoTime();
        byte[] bytes = codec.encode(model);
        long serialized = System.nanoTime();
        byte[] key = (KEY_PREFIX + customerId).getBytes(StandardCharsets.UTF_8);
        redis.set(key, bytes, SetParams.setParams().px(Duration.ofHours(24).toMillis()));
        long stored = System.nanoTime();
        byte[] loaded = redis.get(key);
        if (codec.decode(customerId, loaded).isEmpty()) {
            throw new IllegalStateException("the model read back from Redis for " + customerId + " does not decode");
        }
        long decoded = System.nanoTime();
        return new Timings((fetched - start) / 1e6, (trained - trainStart) / 1e6, (serialized - trained) / 1e6,
                (stored - serialized) / 1e6, (decoded - stored) / 1e6, bytes.length);
    }

    /** The search a history fetch makes, hits parsed to JSON trees; returns how many came back. */
    private int search(String customerId, int max) throws IOException, InterruptedException {
        String query = """
                {"size": %d, "sort": [{"shippedAt": "desc"}],
                 "query": {"bool": {"filter": [{"term": {"customerId": "%s"}},
                                               {"range": {"shippedAt": {"gte": "now-%dd"}}}]}}}
                """.formatted(max, customerId, GeneratedCustomers.historyWindowDays());
        HttpRequest request = HttpRequest.newBuilder(elasticsearch.resolve("/shipments/_search"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(query))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("search answered " + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        JsonNode hits = json.readTree(response.body()).path("hits").path("hits");
        return hits.size();
    }

    @Override
    public void close() {
        redis.close();
    }
}
