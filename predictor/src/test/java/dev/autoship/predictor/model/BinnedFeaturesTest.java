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
