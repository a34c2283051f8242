package dev.autoship.predictor.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A training set's features as dense columns (a feature a row does not have is 0 there, as at prediction time),
 * with how many rows have each feature: what {@link BinnedFeatures} cuts into bins and what a
 * {@link ShipmentDataset} describes to Tribuo.
 */
final class FeatureColumns {

    /**
     * A numeric feature absent from fewer than this share of the rows is given its median where an order lacks it:
     * the trees had too few such rows to learn where an order without it belongs.
     */
    static final double RARELY_ABSENT_SHARE = 0.05;

    private final String[] names;
    private final double[][] values;
    /** Each row's features as column numbers, in the row's order. */
    private final int[][] rowColumns;
    private final int[] present;
    private final double[] min;
    private final double[] max;
    private final double[] sum;
    private final double[] sumOfSquares;

    private FeatureColumns(String[] names, double[][] values, int[][] rowColumns, int[] present, double[] min,
                           double[] max, double[] sum, double[] sumOfSquares) {
        this.names = names;
        this.values = values;
        this.rowColumns = rowColumns;
        this.present = present;
        this.min = min;
        this.max = max;
        this.sum = sum;
        this.sumOfSquares = sumOfSquares;
    }

    /** Columns in the order their features first appear, row after row. */
    static FeatureColumns of(FeatureRows rows) {
        Map<String, Integer> columns = new HashMap<>();
        List<String> names = new ArrayList<>();
        int[][] rowColumns = new int[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            String[] rowNames = rows.names(r);
            int[] ids = new int[rowNames.length];
            for (int i = 0; i < rowNames.length; i++) {
                Integer column = columns.get(rowNames[i]);
                if (column == null) {
                    column = names.size();
                    columns.put(rowNames[i], column);
                    names.add(rowNames[i]);
                }
                ids[i] = column;
            }
            rowColumns[r] = ids;
        }
        return of(rows, 0, rows.size(), rowColumns, names.toArray(String[]::new));
    }

    /**
     * The columns of {@code rows(from, to)} of the rows these columns were made of: what {@link #of} gives for those
     * rows alone (the columns they have, in the order they first appear there), without looking names up again.
     */
    FeatureColumns slice(FeatureRows rows, int from, int to) {
        int[] sliceColumn = new int[names.length];
        java.util.Arrays.fill(sliceColumn, -1);
        int width = 0;
        for (int r = from; r < to; r++) {
            for (int column : rowColumns[r]) {
                if (sliceColumn[column] < 0) {
                    sliceColumn[column] = width++;
                }
            }
        }
        String[] sliceNames = new String[width];
        int[][] sliceRowColumns = new int[to - from][];
        for (int column = 0; column < names.length; column++) {
            if (sliceColumn[column] >= 0) {
                sliceNames[sliceColumn[column]] = names[column];
            }
        }
        for (int r = from; r < to; r++) {
            int[] ids = rowColumns[r].clone();
            for (int i = 0; i < ids.length; i++) {
                ids[i] = sliceColumn[ids[i]];
            }
            sliceRowColumns[r - from] = ids;
        }
        return of(rows, from, to, sliceRowColumns, sliceNames);
    }

    /** @param rowColumns the column of each feature of rows {@code from..to}, indexed from 0 */
    private static FeatureColumns of(FeatureRows rows, int from, int to, int[][] rowColumns, String[] names) {
        int width = names.length;
        int size = to - from;
        double[][] values = new double[width][size];
        int[] present = new int[width];
        double[] min = new double[width];
        double[] max = new double[width];
        double[] sum = new double[width];
        double[] sumOfSquares = new double[width];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int r = 0; r < size; r++) {
            int[] ids = rowColumns[r];
            double[] row = rows.values(from + r);
            for (int i = 0; i < ids.length; i++) {
                int column = ids[i];
                double value = row[i];
                values[column][r] = value;
                present[column]++;
                min[column] = Math.min(min[column], value);
                max[column] = Math.max(max[column], value);
                sum[column] += value;
                sumOfSquares[column] += value * value;
            }
        }
        return new FeatureColumns(names, values, rowColumns, present, min, max, sum, sumOfSquares);
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

    /**
     * What an order that lacks the feature counts as at prediction time. In training a row that lacks a feature has 0
     * there, so where enough rows lack it the trees have learned what its absence means, and it stays 0; features
     * whose absence means something ({@link OrderFeatures#isQuantity}: categories, shares, flags) stay 0 as well. But
     * a quantity that (nearly) every row has — the weight, the order total — would at 0 send an order that lacks it
     * where the smallest values go (an order without a weight shipped as a weightless one): it counts as the median of
     * the rows that have it instead.
     */
    double valueWhenAbsent(int column) {
        int rows = rows();
        int absent = rows - present[column];
        if (!OrderFeatures.isQuantity(names[column]) || present[column] == 0 || absent >= RARELY_ABSENT_SHARE * rows) {
            return 0;
        }
        double[] having = new double[present[column]];
        if (absent == 0) {
            System.arraycopy(values[column], 0, having, 0, rows);
        } else {
            int next = 0;
            for (int r = 0; r < rows; r++) {
                for (int id : rowColumns[r]) {
                    if (id == column) {
                        having[next++] = values[column][r];
                        break;
                    }
                }
            }
        }
        java.util.Arrays.sort(having);
        int middle = having.length / 2;
        return having.length % 2 == 1 ? having[middle] : (having[middle - 1] + having[middle]) / 2;
    }

    /** The column of each feature name. */
    Map<String, Integer> columnsByName() {
        Map<String, Integer> columns = new HashMap<>();
        for (int column = 0; column < names.length; column++) {
            columns.put(names[column], column);
        }
        return columns;
    }

    /** The column's statistics over the rows that have the feature, as Tribuo's feature map records them. */
    org.tribuo.RealInfo info(int column) {
        int n = present[column];
        // a sum of n equal values divided by n can land an ulp outside them (40 orders of 39.95), which Tribuo refuses
        double mean = n == 0 ? 0 : Math.min(max[column], Math.max(min[column], sum[column] / n));
        double squaredDeviations = Math.max(0, sumOfSquares[column] - n * mean * mean);
        return new org.tribuo.RealInfo(names[column], n, max[column], min[column], mean, squaredDeviations);
    }
}
