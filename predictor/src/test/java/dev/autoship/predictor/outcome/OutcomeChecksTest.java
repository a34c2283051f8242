package dev.autoship.predictor.outcome;

import dev.autoship.predictor.cache.MemoryTier;
import dev.autoship.predictor.cache.SharedModelCache;
import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoHistory;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.history.ShipmentChoice;
import dev.autoship.predictor.lifecycle.ModelRepository;
import dev.autoship.predictor.model.ModelCodec;
import dev.autoship.predictor.model.ModelLifetime;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.model.ShipmentModelTrainer;
import dev.autoship.predictor.model.ShipmentPrediction;
import dev.autoship.predictor.ops.PredictorMetrics;
import dev.autoship.predictor.order.Order;
import dev.autoship.predictor.training.InsufficientHistoryMemory;
import dev.autoship.predictor.training.LockKeeper;
import dev.autoship.predictor.training.ModelTraining;
import dev.autoship.predictor.training.TrainingPool;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outcome loop on one instance, in process: the real model repository on the demo history, the in-memory log
 * and store; shipments arrive in the demo history as the intake would add them.
 */
class OutcomeChecksTest {

    private static final String CUSTOMER = "demo-customer-05";
    private static final ShipmentChoice NEW_SERVICE = new ShipmentChoice("Veho", "Next Day", "poly mailer");

    private final Clock clock = Clock.systemUTC();
    private final MeterRegistry registry = Metrics.createMeterRegistry();
    private final PredictorMetrics metrics = new PredictorMetrics(registry);
    private final DemoDataSet data = new DemoDataSet(clock.instant());
    private final DemoHistory history = new DemoHistory(data);
    private final ModelRepository models = repository();
    private final InMemoryPredictionLog log = new InMemoryPredictionLog();
    private final InProcessOutcomeStore store = new InProcessOutcomeStore();
    private final List<AutoCloseable> opened = new ArrayList<>(List.of(models));

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    private ModelRepository repository() {
        ShipmentModelTrainer trainer = ShipmentModelTrainer.standard(clock);
        ModelCodec codec = new ModelCodec(trainer.features());
        ModelLifetime lifetime = new ModelLifetime(Duration.ofHours(24), 0, 0.8);
        ModelTraining training = new ModelTraining(history, trainer, new TrainingPool(2, 100),
                new ModelTraining.HistoryLimits(Duration.ofDays(90), 20, 5000),
                new InsufficientHistoryMemory(Duration.ofMinutes(1), 100, clock), codec, SharedModelCache.none(),
                lifetime, clock, metrics);
        return new ModelRepository(new MemoryTier(100), SharedModelCache.none(), codec, training,
                new LockKeeper(Duration.ofSeconds(10)), lifetime, ModelRepository.Coordination.standard(Duration.ofSeconds(5)),
                clock, metrics);
    }

    /** Live accuracy is held to this validation accuracy; answers at confidence 0.5 or more are auto-shipped. */
    private static ModelQuality validatedAt(double accuracy) {
        return new ModelQuality() {
            @Override
            public OptionalDouble validationAccuracy(ShipmentModel model) {
                return OptionalDouble.of(accuracy);
            }

            @Override
            public boolean autoShip(ShipmentModel model, ShipmentPrediction prediction) {
                return prediction.confidence() >= 0.5;
            }
        };
    }

    private OutcomeChecks checks(ModelQuality quality, int minOutcomes) {
        OutcomeChecks checks = new OutcomeChecks(history, log, store, models, quality, new DriftPolicy(minOutcomes, 0.10),
                new LockKeeper(Duration.ofSeconds(10)), metrics, clock, Duration.ofMinutes(5));
        opened.add(checks);
        return checks;
    }

    private record Answered(Order order, PredictionRecord prediction) {
    }

    /** Predicts {@code count} new orders of the customer with its current model and logs the answers. */
    private List<Answered> predictNewOrders(int count, ModelQuality quality) {
        ShipmentModel model = models.get(CUSTOMER).model();
        List<Answered> answered = new ArrayList<>();
        List<DemoShipment> templates = data.shipments(CUSTOMER);
        for (int i = 0; i < count; i++) {
            Order template = templates.get(i).shipment().order();
            Order order = new Order("new-" + model.trainedAt().toEpochMilli() + "-" + i, template.weightOz(),
                    template.lengthIn(), template.widthIn(), template.heightIn(), template.orderTotal(),
                    template.itemCount(), template.store(), template.requestedService(), template.shipTo());
            Instant now = clock.instant();
            ShipmentPrediction prediction = model.predict(order, now);
            PredictionRecord logged = PredictionRecord.of(CUSTOMER, order.orderId(), prediction,
                    quality.autoShip(model, prediction), model, now);
            log.record(logged);
            answered.add(new Answered(order, logged));
        }
        return answered;
    }

    /** The orders' shipments arrive: the first {@code agreeing} as predicted, the others with a new carrier service. */
    private void ship(List<Answered> answered, int agreeing) {
        Instant shippedAt = clock.instant().minusSeconds(60);
        List<Shipment> shipments = new ArrayList<>();
        for (int i = 0; i < answered.size(); i++) {
            Answered one = answered.get(i);
            shipments.add(new Shipment(CUSTOMER, shippedAt.plusMillis(i), one.order(),
                    i < agreeing ? one.prediction().shipment() : NEW_SERVICE));
        }
        assertThat(history.accept(shipments)).isTrue();
    }

    /** Counted since the test began (registries created in one JVM share their meters). */
    private double counted(String name, String result, String autoShip) {
        return total(name, result, autoShip) - baseline.getOrDefault(name + "/" + result + "/" + autoShip, 0.0);
    }

    private final Map<String, Double> baseline = new HashMap<>();

    {
        for (String name : List.of("autoship.prediction.outcomes", "autoship.drift.refreshes", "autoship.model.trainings")) {
            for (String result : Arrays.asList(null, "matched", "missed")) {
                for (String autoShip : Arrays.asList(null, "true", "false")) {
                    baseline.put(name + "/" + result + "/" + autoShip, total(name, result, autoShip));
                }
            }
        }
    }

    private double total(String name, String result, String autoShip) {
        return registry.meters().stream()
                .filter(meter -> meter.id().name().equals(name))
                .filter(meter -> result == null || result.equals(meter.id().tagsMap().get("result")))
                .filter(meter -> autoShip == null || autoShip.equals(meter.id().tagsMap().get("auto_ship")))
                .mapToDouble(meter -> ((Counter) meter).count())
                .sum();
    }

    private OutcomeSummary summary(OutcomeChecks checks) {
        return checks.summary(CUSTOMER, models.peekHeld(CUSTOMER).orElseThrow().model()).orElseThrow();
    }

    @Test
    void shipmentsThatFollowLoggedPredictionsAreCountedOnceAsMatchedOrMissed() {
        ModelQuality quality = validatedAt(0.9);
        OutcomeChecks checks = checks(quality, 1000);
        List<Answered> answered = predictNewOrders(10, quality);
        ship(answered, 7);
        long autoShipped = answered.stream().filter(one -> one.prediction().autoShip()).count();
        long autoShippedMatched = answered.subList(0, 7).stream().filter(one -> one.prediction().autoShip()).count();

        assertThat(checks.check(CUSTOMER, true)).isEqualTo(OutcomeChecks.Checked.JOINED);
        assertThat(checks.check(CUSTOMER, true)).isEqualTo(OutcomeChecks.Checked.JOINED);

        OutcomeSummary summary = summary(checks);
        assertThat(summary.predictions()).isEqualTo(10);
        assertThat(summary.resolved()).isEqualTo(10);
        assertThat(summary.matched()).isEqualTo(7);
        assertThat(summary.accuracy()).isEqualTo(0.7);
        assertThat(summary.autoShipResolved()).isEqualTo(autoShipped);
        assertThat(summary.autoShipMatched()).isEqualTo(autoShippedMatched);
        assertThat(summary.last7Days().resolved()).isEqualTo(10);
        assertThat(counted("autoship.prediction.outcomes", "matched", null)).isEqualTo(7);
        assertThat(counted("autoship.prediction.outcomes", "missed", null)).isEqualTo(3);
        assertThat(counted("autoship.prediction.outcomes", null, "true")).isEqualTo(autoShipped);
    }

    @Test
    void theLatestPredictionOfAnOrderCountsAndShipmentsWithoutPredictionsDoNot() {
        OutcomeChecks checks = checks(ModelQuality.UNVALIDATED, 1000);
        List<Answered> first = predictNewOrders(3, ModelQuality.UNVALIDATED);
        PredictionRecord earlier = first.getFirst().prediction();
        // the order was predicted again, differently: that answer is the one the shipment is compared with
        log.record(new PredictionRecord(CUSTOMER, earlier.orderId(), NEW_SERVICE, 0.4, false, earlier.modelTrainedAt(),
                earlier.predictedAt().plusMillis(5)));
        ship(first, 0);
        Shipment unpredicted = new Shipment(CUSTOMER, clock.instant().minusSeconds(30),
                data.shipments(CUSTOMER).get(5).shipment().order(), NEW_SERVICE);
        history.accept(List.of(unpredicted));

        checks.check(CUSTOMER, true);

        assertThat(summary(checks).resolved()).isEqualTo(3);
        assertThat(summary(checks).matched()).isEqualTo(1);
    }

    @Test
    void liveAccuracyFallingBelowValidationRefreshesTheModelOnceAndTheNewModelStartsAfresh() {
        ModelQuality quality = validatedAt(0.95);
        OutcomeChecks checks = checks(quality, 10);
        Instant original = models.get(CUSTOMER).model().trainedAt();
        double trainings = counted("autoship.model.trainings", null, null);
        ship(predictNewOrders(12, quality), 0);

        assertThat(checks.check(CUSTOMER, true)).isEqualTo(OutcomeChecks.Checked.JOINED);

        assertThat(counted("autoship.drift.refreshes", null, null)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !models.peekHeld(CUSTOMER).orElseThrow().model().trainedAt().equals(original));
        assertThat(counted("autoship.model.trainings", null, null) - trainings).isEqualTo(1);
        assertThat(checks.check(CUSTOMER, true)).isEqualTo(OutcomeChecks.Checked.JOINED);
        assertThat(counted("autoship.drift.refreshes", null, null)).isEqualTo(1);
        assertThat(summary(checks).resolved()).isZero();
        assertThat(summary(checks).last7Days().resolved()).isEqualTo(12);
    }

    @Test
    void nothingIsRefreshedWhileAccuracyHolds() {
        ModelQuality quality = validatedAt(0.95);
        OutcomeChecks checks = checks(quality, 10);
        ShipmentModel model = models.get(CUSTOMER).model();
        ship(predictNewOrders(12, quality), 11);

        checks.check(CUSTOMER, true);

        assertThat(summary(checks).resolved()).isEqualTo(12);
        assertThat(counted("autoship.drift.refreshes", null, null)).isZero();
        assertThat(models.peekHeld(CUSTOMER).orElseThrow().model()).isSameAs(model);
        assertThat(models.refreshNow(CUSTOMER)).as("no refresh running").isTrue();
    }

    @Test
    void nothingIsRefreshedOnTooFewOutcomes() {
        ModelQuality quality = validatedAt(0.95);
        OutcomeChecks checks = checks(quality, 10);
        ship(predictNewOrders(9, quality), 0);

        checks.check(CUSTOMER, true);

        assertThat(summary(checks).resolved()).isEqualTo(9);
        assertThat(summary(checks).accuracy()).isEqualTo(0.0);
        assertThat(counted("autoship.drift.refreshes", null, null)).isZero();
        assertThat(models.refreshNow(CUSTOMER)).as("no refresh running").isTrue();
    }

    @Test
    void aCustomerJoinedLessThanHalfAnIntervalAgoIsLeftAloneUnlessForced() {
        OutcomeChecks checks = checks(ModelQuality.UNVALIDATED, 1000);
        models.get(CUSTOMER);

        assertThat(checks.check(CUSTOMER, false)).isEqualTo(OutcomeChecks.Checked.JOINED);
        assertThat(checks.check(CUSTOMER, false)).isEqualTo(OutcomeChecks.Checked.RECENTLY_JOINED);
        assertThat(checks.check("demo-customer-06", false)).isEqualTo(OutcomeChecks.Checked.NO_MODEL);
    }
}
