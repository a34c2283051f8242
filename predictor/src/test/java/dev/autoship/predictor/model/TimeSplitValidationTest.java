package dev.autoship.predictor.model;

import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.history.ShipmentChoice;
import dev.autoship.predictor.order.Order;
import dev.autoship.predictor.order.ShipTo;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** The time split on hand-built histories: which shipments validate, how many are needed, nothing leaks. */
class TimeSplitValidationTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final ShipmentChoice UPS = new ShipmentChoice("UPS", "Ground", "box");
    private static final ShipmentChoice FEDEX = new ShipmentChoice("FedEx", "Ground", "box");
    private static final ShipmentModelTrainer TRAINER = new ShipmentModelTrainer(ShipmentModelTrainer.standardShape(),
            new OrderFeatures(false), Clock.fixed(NOW, ZoneOffset.UTC)).autoShipping(new AutoShipRule(0.5));

    @Test
    void theNewestFifthValidatesAModelTrainedOnlyOnTheOlderShipments() {
        // the customer switched from UPS to FedEx for its newest 40 of 200 shipments; nothing else tells them apart
        List<Shipment> history = history(200, 40);

        ShipmentModel model = TRAINER.train("c", history);

        ModelValidation validation = model.validation().orElseThrow();
        assertThat(validation.examples()).isEqualTo(40);
        // a model that had seen any validation shipment could answer FedEx for some; the older part knows only UPS
        assertThat(validation.accuracy()).isZero();
        assertThat(model.autoShipThreshold()).as("nothing validated right, nothing auto-ships").isEmpty();
        assertThat(model.predict(history.get(0).order(), NOW).autoShip()).isFalse();
        // the served model is trained on the whole window, the newest shipments included
        assertThat(model.examples()).isEqualTo(200);
        assertThat(model.choices()).contains(FEDEX);
    }

    @Test
    void aHistoryThatKeptItsHabitsValidatesRightAndAutoShips() {
        List<Shipment> history = history(200, 0);

        ShipmentModel model = TRAINER.train("c", history);

        assertThat(model.validation().orElseThrow().accuracy()).isEqualTo(1.0);
        assertThat(model.autoShipThreshold()).hasValue(1.0);
        ShipmentPrediction prediction = model.predict(history.get(0).order(), NOW);
        assertThat(prediction.confidence()).isEqualTo(1.0);
        assertThat(prediction.autoShip()).isTrue();
    }

    @Test
    void anAnswerThatRestsOnAValueTheOrderDidNotGiveIsNeverAutoShipped() {
        // orders under 50 oz go by UPS, heavier ones by FedEx, the few to Canada by DHL
        ShipmentChoice dhl = new ShipmentChoice("DHL", "Express", "box");
        List<Shipment> history = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int weight = 1 + i * 37 % 200;  // each weight once, light and heavy ones at every time
            boolean canada = i % 25 == 0;
            history.add(new Shipment("c", NOW.minus(Duration.ofHours(i * 10L)),
                    order("o-" + i, weight, canada ? "CA" : "US"), canada ? dhl : weight < 50 ? UPS : FEDEX));
        }
        ShipmentModel model = new ShipmentModelTrainer(ShipmentModelTrainer.standardShape(), new OrderFeatures(false, true),
                Clock.fixed(NOW, ZoneOffset.UTC)).autoShipping(new AutoShipRule(0.5)).train("c", history);
        double threshold = model.autoShipThreshold().orElseThrow();

        ShipmentPrediction heavy = model.predict(order("heavy", 150, "US"), NOW);
        // without its weight the order counts as the median (100.5 oz): the same answer, sure, but on a guess
        ShipmentPrediction unweighed = model.predict(order("unweighed", null, "US"), NOW);
        assertThat(heavy.shipment()).isEqualTo(FEDEX);
        assertThat(heavy.autoShip()).isTrue();
        assertThat(unweighed.shipment()).isEqualTo(FEDEX);
        assertThat(unweighed.confidence()).as("sure enough to ship").isGreaterThanOrEqualTo(threshold);
        assertThat(unweighed.autoShip()).isFalse();
        // without its country the order counts as domestic, the usual country, which the trees split on
        ShipmentPrediction noCountry = model.predict(order("no-country", 150, null), NOW);
        assertThat(noCountry.shipment()).isEqualTo(FEDEX);
        assertThat(noCountry.confidence()).as("sure enough to ship").isGreaterThanOrEqualTo(threshold);
        assertThat(noCountry.autoShip()).isFalse();
        // what the evaluations ask to score auto-ship as it is served
        assertThat(model.restsOnAbsentValue(order("heavy", 150, "US"), NOW)).isFalse();
        assertThat(model.restsOnAbsentValue(order("unweighed", null, "US"), NOW)).isTrue();
        assertThat(model.restsOnAbsentValue(order("no-country", 150, null), NOW)).isTrue();
    }

    private static Order order(String id, Integer weightOz, String country) {
        return new Order(id, weightOz == null ? OptionalDouble.empty() : OptionalDouble.of(weightOz), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(20), OptionalInt.of(1),
                Optional.of("web"), Optional.of("standard"),
                new ShipTo(Optional.ofNullable(country), Optional.of("TX"), Optional.of("73301"), true));
    }

    @Test
    void aSmallHistoryValidatesOnItsNewestThirtyWithAModelTrainedOnlyOnTheOlderRest() {
        // 100 shipments: 20% would be 20, too few; the newest 30 validate, the older 70 train. The newest 30 switched
        List<Shipment> history = history(100, TimeSplitValidation.MIN_EXAMPLES);

        ShipmentModel model = TRAINER.train("c", history);

        ModelValidation validation = model.validation().orElseThrow();
        assertThat(validation.examples()).isEqualTo(TimeSplitValidation.MIN_EXAMPLES);
        assertThat(validation.accuracy()).as("the validation model never saw a FedEx shipment").isZero();
        assertThat(model.examples()).isEqualTo(100);
        assertThat(model.choices()).contains(FEDEX);
    }

    @Test
    void theValidationIsTheNewestFifthButAtLeastThirtyAndOnlyWhileFiftyOlderShipmentsRemainToTrain() {
        TimeSplitValidation rule = new TimeSplitValidation();

        assertThat(rule.validationSize(TimeSplitValidation.MIN_HISTORY - 1)).isZero();
        assertThat(rule.validationSize(TimeSplitValidation.MIN_HISTORY)).isEqualTo(TimeSplitValidation.MIN_EXAMPLES);
        assertThat(rule.validationSize(120)).isEqualTo(30);
        assertThat(rule.validationSize(152)).isEqualTo(30);
        assertThat(rule.validationSize(153)).isEqualTo(31);
        assertThat(rule.validationSize(1000)).isEqualTo(200);
        assertThat(TimeSplitValidation.MIN_HISTORY).isEqualTo(80);
    }

    @Test
    void fewerShipmentsThanTheMinimumHistoryLeaveTheModelUnvalidated() {
        int smallest = TimeSplitValidation.MIN_HISTORY;

        assertThat(TRAINER.train("c", history(smallest, 0)).validation()).map(ModelValidation::examples)
                .hasValue(TimeSplitValidation.MIN_EXAMPLES);
        ShipmentModel tooSmall = TRAINER.train("c", history(smallest - 1, 0));
        assertThat(tooSmall.validation()).isEmpty();
        assertThat(tooSmall.autoShipThreshold()).isEmpty();
        assertThat(tooSmall.predict(history(1, 0).get(0).order(), NOW).autoShip()).isFalse();
    }

    @Test
    void onlyHistoriesWhoseNewestFifthReachesThirtyArePooled() {
        assertThat(TimeSplitValidation.pooled(TimeSplitValidation.MIN_POOLED_HISTORY)).isTrue();
        assertThat(TimeSplitValidation.pooled(TimeSplitValidation.MIN_POOLED_HISTORY - 1)).isFalse();
        assertThat(Math.round(TimeSplitValidation.MIN_POOLED_HISTORY * TimeSplitValidation.VALIDATION_SHARE))
                .isEqualTo(TimeSplitValidation.MIN_EXAMPLES);
        assertThat(Math.round((TimeSplitValidation.MIN_POOLED_HISTORY - 1) * TimeSplitValidation.VALIDATION_SHARE))
                .isLessThan(TimeSplitValidation.MIN_EXAMPLES);
    }

    /** {@code size} shipments newest first, one a day; the newest {@code switched} went FedEx, the others UPS. */
    @Test
    void theValidationForestSeesTheCategorySharesOfTheOlderPartNotThoseOfTheShipmentsItIsScoredOn() {
        // the newest 40 of 200 shipments come from a store the older 160 never had
        List<Shipment> history = new ArrayList<>();
        for (Shipment shipment : history(200, 0)) {
            Order o = shipment.order();
            Optional<String> store = Optional.of(history.size() < 40 ? "amazon" : "web");
            history.add(new Shipment("c", shipment.shippedAt(), new Order(o.orderId(), o.weightOz(), o.lengthIn(),
                    o.widthIn(), o.heightIn(), o.orderTotal(), o.itemCount(), store, o.requestedService(), o.shipTo()),
                    shipment.shipment()));
        }
        HistoryProvenance provenance = new HistoryProvenance("test", "c", NOW.minus(Duration.ofDays(90)), NOW, 200);
        ShipmentDataset all = ShipmentDataset.of(ShipmentModelTrainer.standardFeatures(), history, provenance);

        ShipmentDataset.Split split = all.splitAt(40, provenance, provenance);

        assertThat(feature(all.getExample(0), "share:store")).as("the whole window's share of amazon").hasValue(0.2);
        assertThat(feature(all.getExample(199), "share:store")).hasValue(0.8);
        assertThat(feature(split.older().getExample(0), "share:store")).as("web, among the older shipments").hasValue(1.0);
        assertThat(feature(split.newest().getExample(0), "store=amazon")).hasValue(1.0);
        assertThat(feature(split.newest().getExample(0), "share:store")).as("a store the older part never had").isEmpty();
        assertThat(split.older().size()).isEqualTo(160);
        assertThat(split.newest().size()).isEqualTo(40);
    }

    private static Optional<Double> feature(org.tribuo.Example<?> example, String name) {
        for (org.tribuo.Feature feature : example) {
            if (feature.getName().equals(name)) {
                return Optional.of(feature.getValue());
            }
        }
        return Optional.empty();
    }

    private static List<Shipment> history(int size, int switched) {
        List<Shipment> shipments = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            // every order weighs differently: a model that saw a validation shipment could recognise it
            Order order = new Order("o-" + i, OptionalDouble.of(1 + i), OptionalDouble.empty(), OptionalDouble.empty(),
                    OptionalDouble.empty(), OptionalDouble.of(20 + i % 11), OptionalInt.of(1), Optional.of("web"),
                    Optional.of("standard"), new ShipTo(Optional.of("US"), Optional.of("TX"), Optional.of("73301"), true));
            shipments.add(new Shipment("c", NOW.minus(Duration.ofHours(i * 10L)), order, i < switched ? FEDEX : UPS));
        }
        return shipments;
    }
}
