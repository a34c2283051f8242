package dev.autoship.predictor.ops;

import dev.autoship.predictor.cache.ModelSource;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The predictor's own meters, published with Helidon's at {@code /observe/metrics} (names in the README).
 * Every meter is created up front so recording on the request path only adds to it.
 */
public final class PredictorMetrics {

    /** Request latency buckets (seconds), from cached single predictions to training batches. */
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofNanos(250_000), Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25),
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final Counter predictions;
    private final Map<ModelSource, Counter> lookups = new EnumMap<>(ModelSource.class);
    private final Counter trainings;
    private final Timer trainingTime;
    private final Map<String, Timer> requestTimers;

    public PredictorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.predictions = registry.getOrCreate(Counter.builder("autoship.predictions")
                .description("Orders predicted (a batch counts each of its orders)"));
        for (ModelSource source : ModelSource.values()) {
            lookups.put(source, registry.getOrCreate(Counter.builder("autoship.model.lookups")
                    .tags(List.of(Tag.create("source", source.wireName())))
                    .description("Model lookups by the tier that answered: memory or redis hits, or trained")));
        }
        this.trainings = registry.getOrCreate(Counter.builder("autoship.model.trainings")
                .description("Models trained"));
        this.trainingTime = registry.getOrCreate(Timer.builder("autoship.model.training")
                .description("Time to fetch history and train one model")
                .buckets(LATENCY_BUCKETS));
        this.requestTimers = Map.of(
                "predict", requestTimer("predict"),
                "batch", requestTimer("batch"),
                "models", requestTimer("models"));
    }

    private Timer requestTimer(String endpoint) {
        return registry.getOrCreate(Timer.builder("autoship.http.requests")
                .tags(List.of(Tag.create("endpoint", endpoint)))
                .description("Latency of API requests by endpoint")
                .buckets(LATENCY_BUCKETS));
    }

    /** Publishes how many models process memory holds; replaces an earlier source (one server per registry). */
    public void modelsHeld(Supplier<Integer> held) {
        registry.meters(meter -> meter.id().name().equals("autoship.models.held")).forEach(registry::remove);
        registry.getOrCreate(Gauge.builder("autoship.models.held", held)
                .description("Models held in process memory"));
    }

    public void predicted(int orders) {
        predictions.increment(orders);
    }

    public void lookup(ModelSource source) {
        lookups.get(source).increment();
    }

    public void trained(long nanos) {
        trainings.increment();
        trainingTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** @param endpoint predict, batch or models */
    public void request(String endpoint, long nanos) {
        requestTimers.get(endpoint).record(nanos, TimeUnit.NANOSECONDS);
    }
}
