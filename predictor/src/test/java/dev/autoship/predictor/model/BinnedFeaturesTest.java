package dev.autoship.predictor.model;

import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.Shipment;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BinnedFeaturesTest {

    private static final List<Shipment> HISTORY = new DemoDataSet(Instant.parse("2026-03-01T12:00:00Z"))
            .generate("demo-customer-02", 3000).stream().map(DemoShipment::shipment).toList();

    @Test
    void aSplitOnABinRoutesEveryRawValueAsItsBin() {
        FeatureRows rows = FeatureRows.of(ShipmentModelTrainer.standardFeatures(), HISTORY);
        BinnedFeatures binned = BinnedFeatures.of(rows, 16);

        for (int column = 0; column < binned.columns(); column++) {
            double[] raw = column(rows, binned.name(column));
            byte[] bins = binned.bins(column);
            for (int bin = 0; bin < binned.binCount(column); bin++) {
                for (int row = 0; row < raw.length; row++) {
                    assertThat(raw[row] <= binned.edge(column, bin))
                            .as("%s = %s against bin %d", binned.name(column), raw[row], bin)
                            .isEqualTo((bins[row] & 0xff) <= bin);
                }
            }
        }
    }

    @Test
    void manyValuedColumnsGetAtMostTheBinsAllowedAndFewValuedOnesKeepEveryValue() {
        BinnedFeatures binned = BinnedFeatures.of(FeatureRows.of(ShipmentModelTrainer.standardFeatures(), HISTORY), 16);
        Map<String, Integer> bins = new HashMap<>();
        for (int column = 0; column < binned.columns(); column++) {
            bins.put(binned.name(column), binned.binCount(column));
        }

        assertThat(bins.get("day")).isLessThanOrEqualTo(16).isGreaterThan(8);
        assertThat(bins.get("orderTotal")).isLessThanOrEqualTo(16);
        assertThat(bins.get("residential")).isEqualTo(2);  // absent (0) and 1
        assertThat(bins.get("bias")).isEqualTo(2);
    }

    @Test
    void aFeatureWithOneValueIsCutAtZeroAndThatValueAndKnowsTheRowsThatHaveIt() {
        // "state=HI" only in rows 1 and 3; "girthIn" 2.5 in every row; "itemCount" 0 or 2
        List<String[]> names = List.of(new String[] {"girthIn", "itemCount"}, new String[] {"girthIn", "state=HI"},
                new String[] {"girthIn", "itemCount"}, new String[] {"state=HI", "girthIn", "itemCount"});
        List<double[]> values = List.of(new double[] {2.5, 0}, new double[] {2.5, 1}, new double[] {2.5, 2},
                new double[] {1, 2.5, 2});

        BinnedFeatures binned = BinnedFeatures.of(FeatureRows.of(names, values), 64);

        Map<String, Integer> columns = new HashMap<>();
        for (int column = 0; column < binned.columns(); column++) {
            columns.put(binned.name(column), column);
        }
        int hawaii = columns.get("state=HI");
        assertThat(new double[] {binned.edge(hawaii, 0), binned.edge(hawaii, 1)}).containsExactly(0, 1);
        assertThat(binned.bins(hawaii)).containsExactly(0, 1, 0, 1);
        assertThat(binned.upperBinRows(hawaii)).containsExactly(1, 3);
        int girth = columns.get("girthIn");
        assertThat(binned.binCount(girth)).isEqualTo(2);
        assertThat(binned.edge(girth, 1)).isEqualTo(2.5);
        assertThat(binned.upperBinRows(girth)).containsExactly(0, 1, 2, 3);
        int items = columns.get("itemCount");
        assertThat(binned.binCount(items)).as("0 is a value some rows have, beside 2").isEqualTo(2);
        assertThat(binned.bins(items)).containsExactly(0, 0, 1, 1);
        assertThat(binned.upperBinRows(items)).containsExactly(2, 3);
    }

    /** The feature's value in every row, 0 where the row does not have it. */
    private static double[] column(FeatureRows rows, String name) {
        double[] values = new double[rows.size()];
        for (int row = 0; row < rows.size(); row++) {
            String[] names = rows.names(row);
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    values[row] = rows.values(row)[i];
                }
            }
        }
        return values;
    }
}
