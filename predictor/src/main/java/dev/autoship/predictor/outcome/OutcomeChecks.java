package dev.autoship.predictor.outcome;

import dev.autoship.predictor.cache.SharedModelCache.TrainingLock;
import dev.autoship.predictor.history.HistorySource;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.history.ShipmentPage;
import dev.autoship.predictor.history.ShipmentPosition;
import dev.autoship.predictor.lifecycle.ModelRepository;
import dev.autoship.predictor.model.ModelLookup;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.ops.PredictorMetrics;
import dev.autoship.predictor.training.LockKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The outcome loop. Every check interval (and whenever a model is refreshed) each held customer's shipments that
 * arrived since the last check are joined with its logged predictions by order id — the latest prediction of an
 * order counts — and the outcomes are added to the customer's shared state, counted once in the cluster: one
 * instance joins a customer at a time (under its outcome lock), and a state is only replaced by the instance that
 * read its version. When the current model's live accuracy has drifted from its validation accuracy, the instance
 * that found it starts a refresh now, and the other instances take the new model as soon as they see that.
 */
public final class OutcomeChecks implements AutoCloseable {

    /** What a check did (for tests and the log). */
    enum Checked { JOINED, RECENTLY_JOINED, JOINING_ELSEWHERE, STATE_UNREADABLE, WRITTEN_ELSEWHERE, NO_MODEL }

    static final int SHIPMENTS_PER_PAGE = 1_000;
    static final int PAGES_PER_CHECK = 10;
    static final int CHECKS_AT_ONCE = 4;
    /** Shipments are joined once they are this old, so that the predictions before them are written and searchable. */
    static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeChecks.class);

    private final HistorySource history;
    private final PredictionLog log;
    private final OutcomeStore store;
    private final ModelRepository models;
    private final ModelQuality quality;
    private final DriftPolicy drift;
    private final LockKeeper locks;
    private final PredictorMetrics metrics;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("outcome-checks").daemon(true).factory());
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("outcome-check-", 1).factory());
    private final Semaphore atOnce = new Semaphore(CHECKS_AT_ONCE);
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private volatile long failureLoggedAt;

    OutcomeChecks(HistorySource history, PredictionLog log, OutcomeStore store, ModelRepository models,
                  ModelQuality quality, DriftPolicy drift, LockKeeper locks, PredictorMetrics metrics, Clock clock,
                  Duration interval) {
        this.history = history;
        this.log = log;
        this.store = store;
        this.models = models;
        this.quality = quality;
        this.drift = drift;
        this.locks = locks;
        this.metrics = metrics;
        this.clock = clock;
        this.interval = interval;
    }

    /** Checks every held customer each interval, and a customer at once whenever its model was refreshed. */
    void start() {
        models.onRefreshed(customerId -> submit(customerId, true));
        timer.scheduleWithFixedDelay(() -> models.heldCustomers().forEach(customerId -> submit(customerId, false)),
                interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void submit(String customerId, boolean force) {
        if (!running.add(customerId)) {
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    atOnce.acquire();
                    try {
                        check(customerId, force);
                    } finally {
                        atOnce.release();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    logFailure(customerId, e);
                } finally {
                    running.remove(customerId);
                }
            });
        } catch (RuntimeException rejected) {
            running.remove(customerId);  // shutting down
        }
    }

    /**
     * Checks one customer now.
     *
     * @param force also when another instance joined its shipments less than half an interval ago
     * @throws PredictionLogUnavailableException when the prediction log cannot be read
     * @throws dev.autoship.predictor.history.HistoryUnavailableException when the history cannot be read
     */
    Checked check(String customerId, boolean force) {
        Optional<ModelLookup> held = models.peekHeld(customerId);
        if (held.isEmpty()) {
            return Checked.NO_MODEL;
        }
        ShipmentModel model = held.get().model();
        Optional<OutcomeStore.Versioned> read = store.read(customerId);
        if (read.isEmpty()) {
            return Checked.STATE_UNREADABLE;
        }
        if (read.get().state().driftRefreshedModel().filter(model.trainedAt()::equals).isPresent()) {
            // another instance found this model drifted and is refreshing it: take the new model too
            models.refreshNow(customerId);
        }
        Instant now = clock.instant();
        boolean recent = read.get().state().checkedAt().filter(at -> at.isAfter(now.minus(interval.dividedBy(2)))).isPresent();
        if (recent && !force) {
            return Checked.RECENTLY_JOINED;
        }
        Optional<TrainingLock> lock = store.tryLock(customerId, locks.ttl());
        if (lock.isEmpty()) {
            return Checked.JOINING_ELSEWHERE;
        }
        // a lost outcome lock costs only work done twice: the compare-and-set still counts each outcome once
        try (LockKeeper.Kept kept = locks.keep(lock.get(), customerId)) {
            return join(customerId, model);
        }
    }

    private Checked join(String customerId, ShipmentModel model) {
        // read again under the lock: the previous holder may have written just now
        Optional<OutcomeStore.Versioned> read = store.read(customerId);
        if (read.isEmpty()) {
            return Checked.STATE_UNREADABLE;
        }
        OutcomeState state = read.get().state();
        Instant now = clock.instant();
        Instant windowStart = now.minus(OutcomeState.WINDOW);
        ShipmentPosition position = state.joinedUntil().filter(joined -> joined.shippedAt().isAfter(windowStart))
                .orElse(ShipmentPosition.before(windowStart));
        List<Outcome> outcomes = new ArrayList<>();
        for (int page = 0; page < PAGES_PER_CHECK; page++) {
            ShipmentPage shipments = history.shipmentsAfter(customerId, position, now.minus(SETTLE), SHIPMENTS_PER_PAGE);
            Map<String, Shipment> byOrder = new LinkedHashMap<>();
            shipments.shipments().forEach(shipment -> byOrder.put(shipment.order().orderId(), shipment));
            Map<String, PredictionRecord> predicted = log.latestByOrder(customerId, byOrder.keySet(), windowStart);
            byOrder.forEach((orderId, shipment) -> {
                PredictionRecord prediction = predicted.get(orderId);
                if (prediction != null) {
                    outcomes.add(new Outcome(prediction, shipment));
                }
            });
            position = shipments.end();
            if (!shipments.full()) {
                break;
            }
        }
        OutcomeState next = state.joined(outcomes, position, now, model.trainedAt(),
                log.count(customerId, model.trainedAt(), windowStart));
        Optional<DriftPolicy.Drift> drifted = next.driftRefreshedModel().filter(model.trainedAt()::equals).isPresent()
                ? Optional.empty()
                : drift.test(next.generation(model.trainedAt()).outcomes(), quality.validationAccuracy(model));
        if (drifted.isPresent()) {
            next = next.driftRefreshed(model.trainedAt());
        }
        if (!store.replace(customerId, read.get().version(), next)) {
            return Checked.WRITTEN_ELSEWHERE;
        }
        outcomes.forEach(outcome -> metrics.outcome(outcome.matched(), outcome.prediction().autoShip()));
        drifted.ifPresent(found -> {
            LOG.info("The model of customer '{}' trained at {} has drifted: live accuracy {} over {} resolved predictions "
                            + "is more than {} below its validation accuracy {}; refreshing it now", customerId,
                    model.trainedAt(), "%.3f".formatted(found.liveAccuracy()), found.resolved(), drift.tolerance(),
                    "%.3f".formatted(found.validationAccuracy()));
            metrics.driftRefreshed();
            models.refreshNow(customerId);
        });
        return Checked.JOINED;
    }

    /** The outcomes of the customer's model as the API shows them; empty when the state cannot be read now. */
    Optional<OutcomeSummary> summary(String customerId, ShipmentModel model) {
        return store.read(customerId).map(read -> OutcomeSummary.of(read.state(), model.trainedAt(), clock.instant()));
    }

    private void logFailure(String customerId, RuntimeException e) {
        long now = System.nanoTime();
        if (failureLoggedAt == 0 || now - failureLoggedAt > interval.toNanos()) {
            failureLoggedAt = now;
            LOG.warn("Joining the shipments of customer '{}' with its predictions failed ({}); outcomes wait for the next "
                    + "check (further failures within {} are not logged)", customerId, e.getMessage(), interval);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
        locks.close();
    }
}
