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
    void aTrainedModelExtractsEveryTrainingRowAsItWasTrainedOn() {
        List<Shipment> history = new DemoDataSet(NOW).shipments("demo-customer-03").stream()
                .map(DemoShipment::shipment).toList();

        ShipmentDataset.Rows rows = ShipmentDataset.rows(FEATURES, history);

        assertThat(rows.extractor().shares().byCategory()).containsKey("country=US");
        for (int r = 0; r < history.size(); r++) {
            Map<String, Double> trainedOn = new HashMap<>();
            for (int i = 0; i < rows.features().names(r).length; i++) {
                trainedOn.put(rows.features().names(r)[i], rows.features().values(r)[i]);
            }
            assertThat(features(rows.extractor(), history.get(r))).as("row %d", r).isEqualTo(trainedOn)
                    .containsKey("share:country");
        }
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
