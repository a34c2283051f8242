package dev.autoship.predictor.model;

import dev.autoship.predictor.cache.MemoryTier;
import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.Shipment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool of validations an instance holds, and the thresholds that rest on it: real models of demo customers,
 * held in a real memory tier.
 */
class ValidationPoolTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Instant LATER = NOW.plusSeconds(3600);
    private static List<ShipmentModel> models;
    private static ShipmentModel unvalidated;

    @BeforeAll
    static void train() {
        DemoDataSet data = new DemoDataSet(NOW, DemoDataSet.NOISE_RATE);
        ShipmentModelTrainer trainer = ShipmentModelTrainer.standard(CLOCK);
        models = DemoDataSet.customerIds().subList(0, 4).stream()
                .map(id -> trainer.train(id, shipments(data, id))).toList();
        unvalidated = trainer.trainUnvalidated("unvalidated", shipments(data, DemoDataSet.customerIds().get(5)));
    }

    private static List<Shipment> shipments(DemoDataSet data, String id) {
        return data.shipments(id).stream().map(DemoShipment::shipment).toList();
    }

    @Test
    void thePoolIsTheSumOfTheHeldModelsValidationsAndForgetsTheOnesThatLeave() {
        ValidationPool pool = new ValidationPool();
        MemoryTier memory = new MemoryTier(3, pool);
        ShipmentModel first = models.get(0);
        ShipmentModel second = models.get(1);

        memory.put("a", first, LATER, LATER);
        memory.put("b", second, LATER, LATER);
        memory.put("c", unvalidated, LATER, LATER);
        assertThat(pool.answers()).isEqualTo(examples(first) + examples(second));

        memory.put("a", models.get(2), LATER, LATER);
        assertThat(pool.answers()).as("a replaced model leaves").isEqualTo(examples(models.get(2)) + examples(second));

        memory.remove("b");
        assertThat(pool.answers()).isEqualTo(examples(models.get(2)));

        assertThat(memory.get("c", NOW.toEpochMilli())).isNotNull();
        memory.put("d", models.get(3), LATER, LATER);
        memory.put("e", first, LATER, LATER);
        assertThat(memory.size()).isEqualTo(3);
        assertThat(pool.answers()).as("the least recently used (a) was evicted")
                .isEqualTo(examples(models.get(3)) + examples(first));

        assertThat(memory.get("e", LATER.toEpochMilli())).as("expired when asked for").isNull();
        assertThat(pool.answers()).isEqualTo(examples(models.get(3)));
    }

    @Test
    void everyTallyOfThePoolSumsTheHeldModelsTalliesAtItsConfidence() {
        ValidationPool pool = new ValidationPool();
        models.forEach(pool::add);

        for (ConfidenceTally pooled : pool.tallies()) {
            int answers = 0;
            int right = 0;
            for (ShipmentModel model : models) {
                for (ConfidenceTally tally : model.validation().orElseThrow().tallies()) {
                    if (tally.confidence() == pooled.confidence()) {
                        answers += tally.answers();
                        right += tally.right();
                    }
                }
            }
            assertThat(pooled).isEqualTo(new ConfidenceTally(pooled.confidence(), answers, right));
        }
        models.forEach(pool::remove);
        assertThat(pool.tallies()).isEmpty();
    }

    @Test
    void aHeldModelsThresholdFollowsThePoolAsItChanges() {
        ValidationPool pool = new ValidationPool();
        AutoShipRule rule = new AutoShipRule(0.95);
        // 20 answers, all right: too few to rest a threshold on alone
        ShipmentModel model = withValidation(List.of(new ConfidenceTally(1.0, 20, 20)), 100, new AutoShipPolicy(rule, pool));
        ShipmentModel peer = withValidation(List.of(new ConfidenceTally(1.0, 10_000, 9_990)), 50_000,
                AutoShipPolicy.ownEvidence(rule));

        assertThat(model.autoShipThreshold()).isEmpty();
        pool.add(peer);
        assertThat(model.autoShipThreshold()).hasValue(1.0);
        assertThat(model.autoShipOnOwnEvidence()).isFalse();
        pool.remove(peer);
        assertThat(model.autoShipThreshold()).isEmpty();
    }

    @Test
    void aSmallHistorysValidationRestsOnThePoolButDoesNotJoinIt() {
        ValidationPool pool = new ValidationPool();
        AutoShipRule rule = new AutoShipRule(0.95);
        int small = TimeSplitValidation.MIN_POOLED_HISTORY - 1;
        ShipmentModel smallModel = withValidation(List.of(new ConfidenceTally(1.0, 30, 30)), small, new AutoShipPolicy(rule, pool));
        ShipmentModel smallPeer = withValidation(List.of(new ConfidenceTally(1.0, 30, 30)), small, AutoShipPolicy.ownEvidence(rule));
        ShipmentModel largePeer = withValidation(List.of(new ConfidenceTally(1.0, 10_000, 9_990)),
                TimeSplitValidation.MIN_POOLED_HISTORY, AutoShipPolicy.ownEvidence(rule));

        pool.add(smallPeer);
        assertThat(pool.answers()).as("a small history's validation stays out of the pool").isZero();
        assertThat(smallModel.autoShipThreshold()).isEmpty();
        pool.add(largePeer);
        assertThat(pool.answers()).isEqualTo(10_000);
        assertThat(smallModel.autoShipThreshold()).as("but its own threshold may rest on the pool").hasValue(1.0);
        pool.remove(smallPeer);
        assertThat(pool.answers()).as("removing what never joined takes nothing away").isEqualTo(10_000);
    }

    private static ShipmentModel withValidation(List<ConfidenceTally> tallies, int history, AutoShipPolicy policy) {
        ShipmentModel trained = models.get(0);
        return new ShipmentModel(trained.customerId(), trained.forest(), trained.choicesById(), trained.provenance(),
                trained.features(), NOW, history, java.util.Optional.of(new ModelValidation(tallies)), policy);
    }

    private static int examples(ShipmentModel model) {
        return model.validation().orElseThrow().examples();
    }
}
