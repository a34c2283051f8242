package dev.autoship.predictor.model;

import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.history.ShipmentChoice;
import dev.autoship.predictor.order.OrderJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.tribuo.RealInfo;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FeatureColumnsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSliceIsTheColumnsOfItsRowsAlone() {
        // the newest 40 rows lack features older rows have (some states, stores): columns appear in the order the
        // slice's own rows first have them, with the slice's statistics
        List<Shipment> history = new DemoDataSet(Instant.parse("2026-03-01T12:00:00Z")).generate("demo-customer-05", 600)
                .stream().map(DemoShipment::shipment).toList();
        FeatureRows rows = FeatureRows.of(ShipmentModelTrainer.standardFeatures(), history);
        FeatureColumns whole = FeatureColumns.of(rows);

        for (int[] range : new int[][] {{0, 40}, {40, 600}, {123, 321}}) {
            FeatureColumns slice = whole.slice(rows, range[0], range[1]);
            FeatureColumns alone = FeatureColumns.of(rows.slice(range[0], range[1]));

            assertThat(slice.width()).isEqualTo(alone.width());
            assertThat(slice.rows()).isEqualTo(range[1] - range[0]);
            for (int column = 0; column < alone.width(); column++) {
                assertThat(slice.name(column)).isEqualTo(alone.name(column));
                assertThat(slice.values(column)).as(alone.name(column)).containsExactly(alone.values(column));
                assertThat(slice.present(column)).isEqualTo(alone.present(column));
                RealInfo sliced = slice.info(column);
                RealInfo expected = alone.info(column);
                assertThat(new double[] {sliced.getMin(), sliced.getMax(), sliced.getMean(), sliced.getVariance()})
                        .as(alone.name(column)).containsExactly(expected.getMin(), expected.getMax(), expected.getMean(),
                                expected.getVariance());
            }
        }
        assertThat(whole.slice(rows, 0, 40).width()).as("the newest rows have fewer features").isLessThan(whole.width());
    }

    @Test
    void aFeatureEveryOrderHasWithTheSameValueHasThatValueAsItsMean() throws Exception {
        // 40 orders of 39.95 sum to a little more than 40 x 39.95: a mean above the maximum, which Tribuo refuses
        List<Shipment> history = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            history.add(new Shipment("c", Instant.parse("2026-03-01T12:00:00Z").minusSeconds(3600L * i),
                    OrderJson.read(JSON.readTree("{\"orderTotal\": 39.95, \"weightOz\": " + (i % 2 == 0 ? 4 : 0.1)
                            + "}"), "order", "o-" + i), new ShipmentChoice("UPS", "Ground", "box")));
        }
        FeatureColumns columns = FeatureColumns.of(FeatureRows.of(ShipmentModelTrainer.standardFeatures(), history));

        int orderTotal = java.util.stream.IntStream.range(0, columns.width())
                .filter(column -> columns.name(column).equals("orderTotal")).findFirst().orElseThrow();
        assertThat(columns.info(orderTotal).getMean()).isEqualTo(39.95);
        for (int column = 0; column < columns.width(); column++) {
            RealInfo info = columns.info(column);
            assertThat(info.getMean()).as(info.getName()).isBetween(info.getMin(), info.getMax());
        }
    }

    @Test
    void aNumberNearlyEveryRowHasCountsAsItsMedianWhereAnOrderLacksIt() throws Exception {
        // 100 rows: weights 1..100, except 4 rows without one (under 5%: too few for the trees to learn where an order
        // without a weight belongs); a residential flag on half of them; item counts on 94 only; a store on
        // every one (web, every tenth amazon)
        List<Shipment> history = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String weight = i < 4 ? "" : "\"weightOz\": " + (i + 1) + ", ";
            String items = i < 94 ? "\"itemCount\": " + (1 + i % 3) + ", " : "";
            history.add(new Shipment("c", Instant.parse("2026-03-01T12:00:00Z").minusSeconds(3600L * i),
                    OrderJson.read(JSON.readTree("{" + weight + items + "\"store\": \"" + (i % 10 == 0 ? "amazon" : "web") + "\", \"shipTo\": {\"residential\": "
                            + (i % 2 == 0) + "}}"), "order", "o-" + i), new ShipmentChoice("UPS", "Ground", "box")));
        }
        FeatureRows rows = FeatureRows.of(ShipmentModelTrainer.standardFeatures(), history);
        FeatureColumns columns = FeatureColumns.of(rows.withShares(CategoryShares.of(rows)));
        java.util.Map<String, Integer> column = columns.columnsByName();

        assertThat(columns.valueWhenAbsent(column.get("weightOz"))).as("the median of 5..100").isEqualTo(52.5);
        assertThat(columns.valueWhenAbsent(column.get("itemCount"))).as("6 rows lack it: the trees saw that").isZero();
        assertThat(columns.valueWhenAbsent(column.get("residential"))).as("an indicator: absent means no").isZero();
        assertThat(columns.valueWhenAbsent(column.get(OrderFeatures.BIAS))).isZero();
        assertThat(columns.valueWhenAbsent(column.get("store=web"))).as("a category most rows have").isZero();
        assertThat(columns.valueWhenAbsent(column.get("share:store"))).as("its share: absent is a value never seen")
                .isZero();
    }
}
