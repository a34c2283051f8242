package dev.autoship.predictor.model;

import java.util.HashMap;
import java.util.Map;

/**
 * A training set's features as dense columns (a feature a row does not have is 0 there, as at prediction time),
 * with how many rows have each feature: what {@link BinnedFeatures} cuts into bins and what a
 * {@link ShipmentDataset} describes to Tribuo.
 */
final class FeatureColumns {

    private final String[] names;
    private final double[][] values;
    private final int[] present;
    private final double[] min;
    private final double[] max;
    private final double[] sum;
    private final double[] sumOfSquares;

    private FeatureColumns(String[] names, double[][] values, int[] present, double[] min, double[] max, double[] sum,
                           double[] sumOfSquares) {
        this.names = names;
        this.values = values;
        this.present = present;
        this.min = min;
        this.max = max;
        this.sum = sum;
        this.sumOfSquares = sumOfSquares;
    }

    static FeatureColumns of(FeatureRows rows) {
        Map<String, Integer> columns = new HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            for (String name : rows.names(r)) {
                columns.putIfAbsent(name, columns.size());
            }
        }
        int width = columns.size();
        double[][] values = new double[width][rows.size()];
        int[] present = new int[width];
        double[] min = new double[width];
        double[] max = new double[width];
        double[] sum = new double[width];
        double[] sumOfSquares = new double[width];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int r = 0; r < rows.size(); r++) {
            String[] names = rows.names(r);
            double[] row = rows.values(r);
            for (int i = 0; i < names.length; i++) {
                int column = columns.get(names[i]);
                double value = row[i];
                values[column][r] = value;
                present[column]++;
                min[column] = Math.min(min[column], value);
                max[column] = Math.max(max[column], value);
                sum[column] += value;
                sumOfSquares[column] += value * value;
            }
        }
        String[] names = new String[width];
        columns.forEach((name, column) -> names[column] = name);
        return new FeatureColumns(names, values, present, min, max, sum, sumOfSquares);
    }

    int width() {
        return names.length;
    }

    int rows() {
        return values.length == 0 ? 0 : values[0].length;
    }

    String name(int column) {
        return names[column];
    }

    /** {@code values(column)[row]}; not to be changed. */
    double[] values(int column) {
        return values[column];
    }

    /** Whether every row that has the feature has it with the same value above 0 (a one-hot feature, say). */
    boolean onlyValue(int column) {
        return min[column] == max[column] && min[column] > 0;
    }

    /** The largest value of the feature among the rows that have it. */
    double max(int column) {
        return max[column];
    }

    /** Rows that have the feature. */
    int present(int column) {
        return present[column];
    }

    /** The column's statistics over the rows that have the feature, as Tribuo's feature map records them. */
    org.tribuo.RealInfo info(int column) {
        int n = present[column];
        double mean = n == 0 ? 0 : sum[column] / n;
        double squaredDeviations = Math.max(0, sumOfSquares[column] - n * mean * mean);
        return new org.tribuo.RealInfo(names[column], n, max[column], min[column], mean, squaredDeviations);
    }
}
