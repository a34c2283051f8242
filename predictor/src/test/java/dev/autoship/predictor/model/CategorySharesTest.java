package dev.autoship.predictor.model;

import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.order.Order;
import dev.autoship.predictor.order.ShipTo;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class CategorySharesTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final OrderFeatures FEATURES = new OrderFeatures(true, true);

    @Test
    void eachCategoryGetsItsShareOfTheTrainingRows() {
        List<Shipment> history = List.of(shipment("AK"), shipment("AK"), shipment("NY"), shipment(null));

        CategoryShares shares = CategoryShares.of(FeatureRows.of(FEATURES, history));

        assertThat(shares.byCategory()).containsEntry("state=AK", 0.5).containsEntry("state=NY", 0.25)
                .containsEntry("country=US", 0.75).containsEntry("store=web", 1.0).doesNotContainKey("state=HI");
    }

    @Test
    void anOrderHasTheShareOfEachOfItsCategoriesAndNoneForAnUnseenOne() {
        OrderFeatures trained = FEATURES.withShares(new CategoryShares(Map.of("state=AK", 0.02, "country=US", 0.9)));

        assertThat(features(trained, shipment("AK"))).containsEntry("share:state", 0.02).containsEntry("share:country", 0.9)
                .containsEntry("state=AK", 1.0);
        assertThat(features(trained, shipment("HI"))).doesNotContainKey("share:state").containsEntry("share:country", 0.9);
        assertThat(features(new OrderFeatures(true).withShares(trained.shares()), shipment("AK")))
                .as("features without shares").doesNotContainKey("share:state");
    }

    @Test
    void aTrainedModelExtractsEveryTrainingRowAsItWasTrainedOnButForTheUsualValueOfAFieldItLacks() {
        List<Shipment> history = new DemoDataSet(NOW).shipments("demo-customer-03").stream()
                .map(DemoShipment::shipment).toList();

        ShipmentDataset.Rows rows = ShipmentDataset.rows(FEATURES, history);

        CategoryShares shares = rows.extractor().shares();
        Map<String, String> usual = shares.usualValues(OrderFeatures.FILLED_IN);
        assertThat(shares.byCategory()).containsKey("country=US");
        assertThat(usual).containsEntry("country=", "country=US").containsEntry("service=", "service=standard");
        int filledIn = 0;
        for (int r = 0; r < history.size(); r++) {
            Map<String, Double> trainedOn = new HashMap<>();
            for (int i = 0; i < rows.features().names(r).length; i++) {
                trainedOn.put(rows.features().names(r)[i], rows.features().values(r)[i]);
            }
            // the row was trained on without the field: served, an order like it counts as having the usual value
            for (Map.Entry<String, String> field : usual.entrySet()) {
                if (trainedOn.keySet().stream().noneMatch(name -> name.startsWith(field.getKey()))) {
                    trainedOn.put(field.getValue(), 1.0);
                    trainedOn.put(CategoryShares.shareName(field.getValue()), shares.byCategory().get(field.getValue()));
                    filledIn++;
                }
            }
            assertThat(features(rows.extractor(), history.get(r))).as("row %d", r).isEqualTo(trainedOn)
                    .containsKey("share:country");
        }
        assertThat(filledIn).as("rows without a requested service").isPositive();
    }

    @Test
    void aFieldTheHistoryNearlyAlwaysHadCountsAsItsUsualValueWhereOneValueHasMostOfIt() {
        CategoryShares shares = new CategoryShares(Map.of(
                "country=US", 0.90, "country=CA", 0.08,          // 2% lack it: US, the usual value
                "store=web", 0.50, "store=amazon", 0.50,          // every row has one, but no value has most of them
                "service=standard", 0.80, "service=two_day", 0.10, // 10% lack it: its absence means something
                "state=TX", 0.97));                               // the state is absent for a reason (none abroad)

        assertThat(shares.usualValues(OrderFeatures.FILLED_IN)).containsOnly(Map.entry("country=", "country=US"));

        Shipment lacking = shipment(null);
        Order noCountry = new Order("o", OptionalDouble.of(10), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(),
                new ShipTo(Optional.empty(), Optional.empty(), Optional.empty(), false));
        Map<String, Double> served = new HashMap<>();
        FEATURES.withShares(shares).extract(noCountry, NOW, served::put);
        assertThat(served).containsEntry("country=US", 1.0).containsEntry("share:country", 0.90)
                .doesNotContainKeys("share:store", "share:service", "share:state");
        Map<String, Double> training = new HashMap<>();
        FEATURES.extract(noCountry, NOW, training::put);
        assertThat(training).as("training rows keep what they lack").doesNotContainKeys("country=US", "share:country");
        assertThat(features(FEATURES.withShares(shares), lacking)).as("an order with its own country keeps it")
                .containsEntry("country=CA", 1.0).doesNotContainKey("country=US");
    }

    @Test
    void anOrderAbroadWithoutAPostalCodeDoesNotCountAsInTheUsualRegionAtHome() {
        CategoryShares shares = new CategoryShares(Map.of(
                "country=US", 0.97, "country=CA", 0.03,  // orders abroad have no postal code
                "zip1=9", 0.80, "zip1=1", 0.17));        // so 3% lack one: 9, the usual first character
        OrderFeatures trained = FEATURES.withShares(shares);
        assertThat(shares.usualValues(OrderFeatures.FILLED_IN))
                .containsOnly(Map.entry("country=", "country=US"), Map.entry("zip1=", "zip1=9"));

        Map<String, Double> abroad = features(trained, shipment(null));
        assertThat(abroad).containsEntry("country=CA", 1.0).doesNotContainKeys("zip1=9", "share:zip1");
        assertThat(trained.fillsIn(shipment(null).order(), name -> true)).as("nothing filled in abroad").isFalse();

        Shipment atHome = shipment("CA");
        assertThat(features(trained, atHome)).containsEntry("zip1=9", 1.0).containsEntry("share:zip1", 0.80);
        assertThat(trained.fillsIn(atHome.order(), name -> true)).isTrue();
        Order nowhere = new Order("o", OptionalDouble.of(10), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(),
                new ShipTo(Optional.empty(), Optional.empty(), Optional.empty(), false));
        Map<String, Double> served = new HashMap<>();
        trained.extract(nowhere, NOW, served::put);
        assertThat(served).as("no country: the usual one, and its usual region").containsEntry("country=US", 1.0)
                .containsEntry("zip1=9", 1.0);
    }

    private static Map<String, Double> features(OrderFeatures features, Shipment shipment) {
        Map<String, Double> extracted = new HashMap<>();
        features.extract(shipment.order(), shipment.shippedAt(), extracted::put);
        return extracted;
    }

    private static Shipment shipment(String state) {
        ShipTo shipTo = new ShipTo(Optional.of(state == null ? "CA" : "US"), Optional.ofNullable(state),
                Optional.empty(), false);
        Order order = new Order("o", OptionalDouble.of(10), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty(), Optional.of("web"),
                Optional.empty(), shipTo);
        return new Shipment("c", NOW, order, new dev.autoship.predictor.history.ShipmentChoice("UPS", "Ground", "box"));
    }
}
