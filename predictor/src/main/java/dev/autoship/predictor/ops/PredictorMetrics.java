package dev.autoship.predictor.ops;

import dev.autoship.predictor.http.CloseReason;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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

    /** How a request's model lookup was answered. */
    public enum Lookup {
        /** from process memory */
        MEMORY,
        /** loaded from the shared cache by this request */
        REDIS,
        /** trained by this request */
        TRAINED,
        /** joined a load or training another request of this instance had started */
        WAITED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The API's endpoints, as the {@code endpoint} tag of request meters. */
    public enum Endpoint {
        /** POST /v1/predictions */
        PREDICT,
        /** POST /v1/predictions/batch */
        BATCH,
        /** GET and DELETE /v1/models/{customerId} */
        MODELS;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private record Answered(Endpoint endpoint, int status, String error) {
    }

    private final MeterRegistry registry;
    private final Counter predictions;
    private final Map<Lookup, Counter> lookups = new EnumMap<>(Lookup.class);
    private final Counter trainings;
    private final Counter refreshes;
    private final Counter refreshFailures;
    private final Counter insufficientHistoryRemembered;
    private final Timer trainingTime;
    private final Timer historyReadTime;
    private final Map<Endpoint, Timer> requestTimers = new EnumMap<>(Endpoint.class);
    private final Map<Answered, Counter> responses = new ConcurrentHashMap<>();
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final Counter driftRefreshes;
    private final Counter predictionLogDropped;

    public PredictorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.predictions = registry.getOrCreate(Counter.builder("autoship.predictions")
                .description("Orders predicted (a batch counts each of its orders)"));
        for (Lookup lookup : Lookup.values()) {
            lookups.put(lookup, registry.getOrCreate(Counter.builder("autoship.model.lookups")
                    .tags(List.of(Tag.create("source", lookup.tag())))
                    .description("Model lookups (one per request) by how they were answered: memory, redis, "
                            + "trained by the request, or waited for another request's load")));
        }
        this.refreshes = registry.getOrCreate(Counter.builder("autoship.model.refreshes")
                .description("Models replaced ahead of expiry by a background refresh (newer model from Redis or trained)"));
        this.refreshFailures = registry.getOrCreate(Counter.builder("autoship.model.refresh.failures")
                .description("Background refreshes that failed (the old model stays in use until its hard limit)"));
        this.insufficientHistoryRemembered = registry.getOrCreate(Counter.builder("autoship.model.insufficient.remembered")
                .description("Lookups answered insufficient_history from memory, without reading history"));
        this.trainings = registry.getOrCreate(Counter.builder("autoship.model.trainings")
                .description("Models trained"));
        this.trainingTime = registry.getOrCreate(Timer.builder("autoship.model.training")
                .description("Time to fetch history and train one model")
                .buckets(LATENCY_BUCKETS));
        this.historyReadTime = registry.getOrCreate(Timer.builder("autoship.history.reads")
                .description("Time to read one customer's shipment history for a training (part of the training time)")
                .buckets(LATENCY_BUCKETS));
        for (String result : List.of("matched", "missed")) {
            for (String autoShip : List.of("true", "false")) {
                outcomes.put(result + autoShip, registry.getOrCreate(Counter.builder("autoship.prediction.outcomes")
                        .tags(List.of(Tag.create("result", result), Tag.create("auto_ship", autoShip)))
                        .description("Logged predictions resolved by their order's shipment: matched or missed, "
                                + "auto-shipped or not (each counted once in the cluster)")));
            }
        }
        this.driftRefreshes = registry.getOrCreate(Counter.builder("autoship.drift.refreshes")
                .description("Models refreshed at once because their live accuracy fell below their validation accuracy"));
        this.predictionLogDropped = registry.getOrCreate(Counter.builder("autoship.prediction.log.dropped")
                .description("Prediction log entries dropped: buffer full (Elasticsearch slow or down), or refused"));
        for (Endpoint endpoint : Endpoint.values()) {
            requestTimers.put(endpoint, registry.getOrCreate(Timer.builder("autoship.http.requests")
                    .tags(List.of(Tag.create("endpoint", endpoint.tag())))
                    .description("Latency of API requests by endpoint")
                    .buckets(LATENCY_BUCKETS)));
        }
    }

    /** Publishes how many models process memory holds; replaces an earlier source (one server per registry). */
    public void modelsHeld(Supplier<Integer> held) {
        gauge("autoship.models.held", held, "Models held in process memory");
    }

    /** Publishes the age of the oldest model held (seconds since its training); replaces an earlier source. */
    public void oldestModelAge(Supplier<Double> seconds) {
        gauge("autoship.model.age.max.seconds", seconds, "Age of the oldest model held in memory, since its training");
    }

    /** Publishes how many trainings wait for a training thread; replaces an earlier source. */
    public void trainingsQueued(Supplier<Integer> queued) {
        gauge("autoship.model.trainings.queued", queued, "Trainings waiting for a training thread");
    }

    /** Publishes the configured target precision of auto-shipped answers (AUTOSHIP_AUTO_SHIP_PRECISION). */
    public void autoShipPrecisionTarget(double target) {
        gauge("autoship.auto.ship.precision.target", () -> target,
                "Configured target precision of autoShip: true answers (AUTOSHIP_AUTO_SHIP_PRECISION)");
    }

    private <N extends Number> void gauge(String name, Supplier<N> value, String description) {
        registry.meters(meter -> meter.id().name().equals(name)).forEach(registry::remove);
        registry.getOrCreate(Gauge.builder(name, value).description(description));
    }

    /** A logged prediction resolved by its order's shipment. */
    public void outcome(boolean matched, boolean autoShip) {
        outcomes.get((matched ? "matched" : "missed") + autoShip).increment();
    }

    public void driftRefreshed() {
        driftRefreshes.increment();
    }

    public void predictionLogDropped(long entries) {
        predictionLogDropped.increment(entries);
    }

    public void predicted(int orders) {
        predictions.increment(orders);
    }

    public void lookup(Lookup lookup) {
        lookups.get(lookup).increment();
    }

    public void refreshed() {
        refreshes.increment();
    }

    public void refreshFailed() {
        refreshFailures.increment();
    }

    public void insufficientHistoryRemembered() {
        insufficientHistoryRemembered.increment();
    }

    public void historyRead(long nanos) {
        historyReadTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void trained(long nanos) {
        trainings.increment();
        trainingTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Counters of the connections the server's guards close on one listener, by reason (request timeout, shed to make
     * room, refused over the limit), created up front.
     *
     * @param socket the listener, as the {@code socket} tag: {@code public} or {@code management}
     */
    public Consumer<CloseReason> connectionsClosed(String socket) {
        Map<CloseReason, Counter> counters = new EnumMap<>(CloseReason.class);
        for (CloseReason reason : CloseReason.values()) {
            counters.put(reason, registry.getOrCreate(Counter.builder("autoship.http.connections.closed")
                    .tags(List.of(Tag.create("socket", socket), Tag.create("reason", reason.tag())))
                    .description("Client connections the server closed: a request not arrived within the request "
                            + "timeout, shed to make room for a new connection, or refused over the connection limit")));
        }
        return reason -> counters.get(reason).increment();
    }

    /** Records one answered API request: its latency, and its status code (for error rates). */
    /** @param error the answer's {@code error} code ({@code none} for a success) */
    public void request(Endpoint endpoint, int status, String error, long nanos) {
        requestTimers.get(endpoint).record(nanos, TimeUnit.NANOSECONDS);
        // status and error codes are few (the API's own), so a counter per endpoint and code stays bounded
        responses.computeIfAbsent(new Answered(endpoint, status, error), answered -> registry.getOrCreate(
                Counter.builder("autoship.http.responses")
                        .tags(List.of(Tag.create("endpoint", endpoint.tag()),
                                Tag.create("status", Integer.toString(status)),
                                Tag.create("error", error)))
                        .description("API answers by endpoint, HTTP status code and error code (none for a success)")))
                .increment();
    }
}
