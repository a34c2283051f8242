package dev.autoship.benchmarks.cold;

import dev.autoship.predictor.cache.RedisSharedModelCache;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.history.ElasticsearchHistory;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.model.ModelCodec;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.model.ShipmentModelTrainer;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cold path's stages one at a time, in this JVM, with the predictor's own parts configured from
 * the same environment as the predictor under test: its Elasticsearch history source, its trainer,
 * its codec and its Redis model cache (under another key prefix, so the predictors' keys are untouched).
 */
final class ColdPathStages implements AutoCloseable {
    private final PredictorSettings settings;
    private final ElasticsearchHistory history;
    private final RedisSharedModelCache redis;
    private final ShipmentModelTrainer trainer = ShipmentModelTrainer.standard(Clock.systemUTC());
    private final ModelCodec codec = new ModelCodec(trainer.features());

    ColdPathStages(Map<String, String> predictorEnvironment) {
        Map<String, String> environment = new HashMap<>(predictorEnvironment);
        environment.put("AUTOSHIP_REDIS_KEY_PREFIX", "bench-stages");
        this.settings = PredictorSettings.from(environment);
        this.history = new ElasticsearchHistory(settings.elasticsearch().orElseThrow());
        this.redis = new RedisSharedModelCache(settings.redis().orElseThrow());
    }

    record Timings(double fetchMillis, double trainMillis, double serializeMillis, double storeMillis,
                   double loadMillis, int modelBytes) {
    }

    Timings measure(String customerId, int shipments) {
        long start = System.nanoTime();
        List<Shipment> fetched = history.recentShipments(customerId, Instant.now().minus(settings.historyWindow()), settings.maxExamples());
        long afterFetch = System.nanoTime();
        if (fetched.size() != shipments) {
            throw new IllegalStateException("Elasticsearch returned " + fetched.size() + " shipments of " + customerId
                    + ", expected " + shipments);
        }
        ShipmentModel model = trainer.train(customerId, fetched);
        long trained = System.nanoTime();
        byte[] bytes = codec.encode(model);
        long serialized = System.nanoTime();
        redis.put(customerId, bytes, settings.modelCacheTtl());
        long stored = System.nanoTime();
        byte[] loaded = redis.get(customerId)
                .orElseThrow(() -> new IllegalStateException("Redis lost the model of " + customerId));
        if (codec.decode(customerId, loaded).isEmpty()) {
            throw new IllegalStateException("the model read back from Redis for " + customerId + " does not decode");
        }
        long decoded = System.nanoTime();
        return new Timings((afterFetch - start) / 1e6, (trained - afterFetch) / 1e6, (serialized - trained) / 1e6,
                (stored - serialized) / 1e6, (decoded - stored) / 1e6, bytes.length);
    }

    @Override
    public void close() {
        try {
            redis.close();
        } finally {
            history.close();
        }
    }
}
