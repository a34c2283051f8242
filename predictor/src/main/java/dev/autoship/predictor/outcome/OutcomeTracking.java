package dev.autoship.predictor.outcome;

import dev.autoship.predictor.cache.RedisCalls;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.history.DemoHistory;
import dev.autoship.predictor.history.ElasticsearchConnection;
import dev.autoship.predictor.history.HistorySource;
import dev.autoship.predictor.lifecycle.ModelRepository;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.ops.PredictorMetrics;
import dev.autoship.predictor.training.LockKeeper;
import io.helidon.webserver.http.HttpService;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The quality loop's parts as the rest of the predictor sees them: the API hands every answered prediction to
 * {@link #answered}, and shows a model's outcomes from {@link #summary}; the outcome checks run by themselves.
 * With Elasticsearch, the loop runs when {@code AUTOSHIP_PREDICTION_LOG_INDEX} names the log; in embedded mode it
 * always runs, on an in-memory log, and the demo history accepts shipments ({@link #shipmentIntake}).
 */
public final class OutcomeTracking implements AutoCloseable {

    /** How long an outcome lock lives unless its holder extends it. */
    static final Duration LOCK_TTL = Duration.ofSeconds(10);

    private final PredictionLog log;
    private final Optional<OutcomeChecks> checks;
    private final ModelQuality quality;
    private final Optional<ShipmentIntake> intake;

    private OutcomeTracking(PredictionLog log, Optional<OutcomeChecks> checks, ModelQuality quality,
                            Optional<ShipmentIntake> intake) {
        this.log = log;
        this.checks = checks;
        this.quality = quality;
        this.intake = intake;
    }

    /** No log, no outcomes. */
    public static OutcomeTracking off(ModelQuality quality) {
        return new OutcomeTracking(PredictionLog.NONE, Optional.empty(), quality, Optional.empty());
    }

    /**
     * The loop the predictor runs with, built from its settings and started.
     *
     * @param elasticsearch where the history is, and the log beside it; empty in embedded mode
     * @param redis         where outcome states are shared; empty: in process memory
     */
    public static OutcomeTracking start(PredictorSettings settings, Optional<ElasticsearchConnection> elasticsearch,
                                        Optional<RedisCalls> redis, HistorySource history, ModelRepository models,
                                        ModelQuality quality, PredictorMetrics metrics, Clock clock) {
        PredictorSettings.QualitySettings loop = settings.quality();
        PredictionLog log;
        if (elasticsearch.isPresent()) {
            if (loop.predictionLogIndex().isEmpty()) {
                return off(quality);
            }
            log = new ElasticsearchPredictionLog(elasticsearch.get(), loop.predictionLogIndex().get(), loop.clusterName(),
                    loop.predictionLogRetention(), clock, metrics::predictionLogDropped);
        } else {
            log = new InMemoryPredictionLog();
        }
        OutcomeStore store = redis.<OutcomeStore>map(calls -> new RedisOutcomeStore(calls, settings.redis().orElseThrow().keyPrefix()))
                .orElseGet(InProcessOutcomeStore::new);
        OutcomeChecks checks = new OutcomeChecks(history, log, store, models, quality,
                new DriftPolicy(loop.driftMinOutcomes(), loop.driftTolerance()), new LockKeeper(LOCK_TTL), metrics, clock,
                loop.outcomeCheckInterval());
        checks.start();
        Optional<ShipmentIntake> intake = history instanceof DemoHistory demo
                ? Optional.of(new ShipmentIntake(demo)) : Optional.empty();
        return new OutcomeTracking(log, Optional.of(checks), quality, intake);
    }

    /** Logs an answered prediction (never waits). */
    public void answered(PredictionRecord prediction) {
        log.record(prediction);
    }

    /** What is known of models' validation (whether an answer is auto-shipped). */
    public ModelQuality quality() {
        return quality;
    }

    /** The outcomes of the customer's model for {@code GET /v1/models/{customerId}}; empty when the loop is off. */
    public Optional<OutcomeSummary> summary(String customerId, ShipmentModel model) {
        return checks.flatMap(running -> running.summary(customerId, model));
    }

    /**
     * {@code POST /v1/shipments} for the management listener, in embedded mode only (register it under
     * {@code /v1/shipments}).
     */
    public Optional<HttpService> shipmentIntake() {
        return intake.map(HttpService.class::cast);
    }

    Optional<OutcomeChecks> checks() {
        return checks;
    }

    /** Stops the checks, then writes what the log still buffers (bounded by the Elasticsearch timeout). */
    @Override
    public void close() {
        checks.ifPresent(OutcomeChecks::close);
        log.close();
    }
}
