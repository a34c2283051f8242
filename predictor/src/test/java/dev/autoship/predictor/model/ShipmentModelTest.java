package dev.autoship.predictor.model;

import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.history.ShipmentChoice;
import dev.autoship.predictor.order.Order;
import dev.autoship.predictor.order.ShipTo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ShipmentModelTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String CUSTOMER = "demo-customer-03";

    private static List<Shipment> history;
    private static ShipmentModel model;
    private static ModelCodec codec;

    @BeforeAll
    static void train() {
        history = new DemoDataSet(NOW).shipments(CUSTOMER).stream().map(DemoShipment::shipment).toList();
        ShipmentModelTrainer trainer = ShipmentModelTrainer.standard(Clock.fixed(NOW, ZoneOffset.UTC));
        model = trainer.train(CUSTOMER, history);
        codec = new ModelCodec(trainer.features());
    }

    @Test
    void predictsOnlyCombinationsTheCustomerUsedWithConfidenceBetweenZeroAndOne() {
        Set<ShipmentChoice> used = history.stream().map(Shipment::shipment).collect(Collectors.toSet());

        for (Shipment shipment : history.subList(0, 200)) {
            ShipmentPrediction prediction = model.predict(shipment.order(), NOW);
            assertThat(used).contains(prediction.shipment());
            assertThat(prediction.confidence()).isBetween(0.0, 1.0);
            assertThat(prediction.alternatives()).hasSizeLessThanOrEqualTo(ShipmentModel.MAX_ALTERNATIVES)
                    .allSatisfy(alternative -> {
                        assertThat(used).contains(alternative.shipment());
                        assertThat(alternative.shipment()).isNotEqualTo(prediction.shipment());
                        assertThat(alternative.confidence()).isBetween(0.0, prediction.confidence());
                    });
        }
    }

    @Test
    void learnsTheCustomersRulesWellAboveTheMajorityClass() {
        long right = history.subList(0, 300).stream()
                .filter(s -> model.predict(s.order(), s.shippedAt()).shipment().equals(s.shipment()))
                .count();
        long majority = history.stream().collect(Collectors.groupingBy(Shipment::shipment, Collectors.counting()))
                .values().stream().mapToLong(Long::longValue).max().orElseThrow();

        assertThat(right / 300.0).isGreaterThan(0.85).isGreaterThan(majority / (double) history.size() + 0.2);
    }

    @Test
    void theSameHistoryGrowsTheSameModel() {
        ShipmentModel again = ShipmentModelTrainer.standard(Clock.fixed(NOW, ZoneOffset.UTC)).train(CUSTOMER, history);

        assertThat(codec.encode(again)).isEqualTo(codec.encode(model));
    }

    @Test
    void anOrderWithoutTheWeightEveryShipmentHadIsPredictedAsATypicalOneNotAsAWeightlessOne() {
        // light orders (under 16 oz, a fifth of them) ship by USPS, the others by UPS; the main application asks
        // before the order is weighed: at 0 oz every tree would send it the light way
        ShipmentChoice light = new ShipmentChoice("USPS", "Ground Advantage", "poly mailer");
        ShipmentChoice heavy = new ShipmentChoice("UPS", "Ground", "box");
        java.util.Random random = new java.util.Random(7);
        List<Shipment> weighed = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double weight = random.nextDouble() < 0.2 ? 1 + random.nextDouble() * 14 : 17 + random.nextDouble() * 80;
            Order order = new Order("W-" + i, OptionalDouble.of(weight), OptionalDouble.empty(), OptionalDouble.empty(),
                    OptionalDouble.empty(), OptionalDouble.of(weight * 2), OptionalInt.of(1), Optional.of("web"),
                    Optional.empty(), new ShipTo(Optional.of("US"), Optional.of("CA"), Optional.empty(), true));
            weighed.add(new Shipment("weighing", NOW.minusSeconds(3600L * i), order, weight < 16 ? light : heavy));
        }
        ShipmentModel weighing = ShipmentModelTrainer.standard(Clock.fixed(NOW, ZoneOffset.UTC)).train("weighing", weighed);
        Order unweighed = new Order("W-new", OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.of(1), Optional.of("web"), Optional.empty(),
                new ShipTo(Optional.of("US"), Optional.of("CA"), Optional.empty(), true));

        ShipmentPrediction prediction = weighing.predict(unweighed, NOW);
        assertThat(prediction.shipment()).isEqualTo(heavy);
        assertThat(prediction.confidence()).isGreaterThan(0.9);
        ShipmentModel stored = new ModelCodec(ShipmentModelTrainer.standardFeatures()).decode("weighing",
                new ModelCodec(ShipmentModelTrainer.standardFeatures()).encode(weighing)).orElseThrow();
        assertThat(stored.predict(unweighed, NOW)).as("the stored model answers alike").isEqualTo(prediction);
    }

    @Test
    void countryAndStateCodesAreTheSamePlaceInEitherCase() {
        List<Shipment> mixed = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Shipment shipment = history.get(i);
            mixed.add(i % 2 == 0 ? shipment : new Shipment(shipment.customerId(), shipment.shippedAt(),
                    withShipTo(shipment.order(), lowerCase(shipment.order().shipTo())), shipment.shipment()));
        }
        ShipmentModel fromMixed = ShipmentModelTrainer.standard(Clock.fixed(NOW, ZoneOffset.UTC)).train(CUSTOMER, mixed);

        for (Shipment shipment : history.subList(0, 100)) {
            assertThat(fromMixed.predict(shipment.order(), NOW)).as("a history sent in both cases trains as one")
                    .isEqualTo(model.predict(shipment.order(), NOW));
            Order lower = withShipTo(shipment.order(), lowerCase(shipment.order().shipTo()));
            assertThat(model.predict(lower, NOW)).as("an order asked in lower case").isEqualTo(model.predict(shipment.order(), NOW));
        }
    }

    private static ShipTo lowerCase(ShipTo shipTo) {
        return new ShipTo(shipTo.country().map(c -> c.toLowerCase(Locale.ROOT)), shipTo.state().map(s -> s.toLowerCase(Locale.ROOT)),
                shipTo.postalCode().map(p -> p.toLowerCase(Locale.ROOT)), shipTo.residential());
    }

    private static Order withShipTo(Order order, ShipTo shipTo) {
        return new Order(order.orderId(), order.weightOz(), order.lengthIn(), order.widthIn(), order.heightIn(),
                order.orderTotal(), order.itemCount(), order.store(), order.requestedService(), shipTo);
    }

    @Test
    void orderWithOnlyUnknownCategoriesStillGetsAnAnswer() {
        Order strange = new Order("X-1", OptionalDouble.of(0), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.of(0), OptionalInt.of(1), Optional.of("a-store-never-seen"),
                Optional.of("teleport"), new ShipTo(Optional.of("ZZ"), Optional.of("nowhere"), Optional.of("?"), false));

        ShipmentPrediction prediction = model.predict(strange, NOW);

        assertThat(model.choices()).contains(prediction.shipment());
    }
}
