package dev.autoship.predictor.model;

import dev.autoship.predictor.history.Shipment;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The features of every shipment of a training set, extracted once. */
final class FeatureRows {

    private final String[][] names;
    private final double[][] values;

    private FeatureRows(String[][] names, double[][] values) {
        this.names = names;
        this.values = values;
    }

    static FeatureRows of(OrderFeatures features, List<Shipment> shipments) {
        String[][] names = new String[shipments.size()][];
        double[][] values = new double[shipments.size()][];
        Row row = new Row();
        for (int r = 0; r < shipments.size(); r++) {
            Shipment shipment = shipments.get(r);
            row.size = 0;
            features.extract(shipment.order(), shipment.shippedAt(), row);
            names[r] = Arrays.copyOf(row.names, row.size);
            values[r] = Arrays.copyOf(row.values, row.size);
        }
        return new FeatureRows(names, values);
    }

    /**
     * These rows, each followed by the share feature of each of its categorical features, as
     * {@link OrderFeatures#withShares} extracts them.
     */
    FeatureRows withShares(CategoryShares shares) {
        String[][] sharedNames = new String[names.length][];
        double[][] sharedValues = new double[names.length][];
        Row row = new Row();
        // a history has a few dozen categories: each one's share feature is named once, not per row
        Map<String, String> shareNames = new HashMap<>();
        for (int r = 0; r < names.length; r++) {
            row.size = 0;
            for (int i = 0; i < names[r].length; i++) {
                row.add(names[r][i], values[r][i]);
            }
            for (String name : names[r]) {
                if (OrderFeatures.isCategory(name)) {
                    shares.extract(name, shareNames.computeIfAbsent(name, CategoryShares::shareName), row);
                }
            }
            sharedNames[r] = Arrays.copyOf(row.names, row.size);
            sharedValues[r] = Arrays.copyOf(row.values, row.size);
        }
        return new FeatureRows(sharedNames, sharedValues);
    }

    /** Rows {@code [from, to)} of these, sharing their arrays. */
    FeatureRows slice(int from, int to) {
        return new FeatureRows(Arrays.copyOfRange(names, from, to), Arrays.copyOfRange(values, from, to));
    }

    /** Rows given as feature names and values (e.g. from another Tribuo dataset). */
    static FeatureRows of(List<String[]> names, List<double[]> values) {
        return new FeatureRows(names.toArray(String[][]::new), values.toArray(double[][]::new));
    }

    int size() {
        return names.length;
    }

    String[] names(int row) {
        return names[row];
    }

    double[] values(int row) {
        return values[row];
    }

    private static final class Row implements OrderFeatures.Sink {
        String[] names = new String[16];
        double[] values = new double[16];
        int size;

        @Override
        public void add(String name, double value) {
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size++] = value;
        }
    }
}
