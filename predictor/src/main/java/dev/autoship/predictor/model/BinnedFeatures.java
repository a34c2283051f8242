package dev.autoship.predictor.model;

import java.util.Arrays;

/**
 * A training set as small bin numbers per feature column, what {@link TreeGrower} splits on. Each column has
 * sorted edges (0 first: a feature an order does not have counts as 0) and a value's bin is the first edge
 * at or above it. A column with more distinct values than the bins allowed gets quantile edges; the others
 * keep every distinct value as an edge. Splitting "bin ≤ b" is then exactly "raw value ≤ edge b", so the
 * trees need no bins at prediction time.
 */
final class BinnedFeatures {

    private final String[] names;
    private final double[][] edges;
    /** {@code bins[column][row]}, unsigned. */
    private final byte[][] bins;
    /** Of a two-bin column, the rows in bin 1 (ascending); null for the other columns. */
    private final int[][] upperBinRows;
    private final int rows;

    private BinnedFeatures(String[] names, double[][] edges, byte[][] bins, int[][] upperBinRows, int rows) {
        this.names = names;
        this.edges = edges;
        this.bins = bins;
        this.upperBinRows = upperBinRows;
        this.rows = rows;
    }

    /** @param maxBins at most 255 */
    static BinnedFeatures of(FeatureRows rows, int maxBins) {
        return of(FeatureColumns.of(rows), maxBins);
    }

    /** @param maxBins at most 255 */
    static BinnedFeatures of(FeatureColumns columns, int maxBins) {
        if (maxBins < 2 || maxBins > 255) {
            throw new IllegalArgumentException("bins must be 2..255, got " + maxBins);
        }
        int width = columns.width();
        int rows = columns.rows();
        String[] names = new String[width];
        double[][] edges = new double[width][];
        byte[][] bins = new byte[width][rows];
        int[][] upperBinRows = new int[width][];
        for (int column = 0; column < width; column++) {
            names[column] = columns.name(column);
            double[] values = columns.values(column);
            int upper = 0;
            if (columns.onlyValue(column)) {
                // the edges and bins the general path gives such a column, without sorting it: 0 and the value
                double value = columns.max(column);
                edges[column] = new double[] {0, value};
                for (int r = 0; r < rows; r++) {
                    boolean has = values[r] == value;
                    bins[column][r] = (byte) (has ? 1 : 0);
                    upper += has ? 1 : 0;
                }
            } else {
                edges[column] = edges(values, maxBins);
                for (int r = 0; r < rows; r++) {
                    int at = Arrays.binarySearch(edges[column], values[r]);
                    bins[column][r] = (byte) (at >= 0 ? at : -at - 1);
                    upper += bins[column][r] == 1 ? 1 : 0;
                }
            }
            if (edges[column].length == 2) {
                upperBinRows[column] = new int[upper];
                for (int r = 0, i = 0; r < rows; r++) {
                    if (bins[column][r] == 1) {
                        upperBinRows[column][i++] = r;
                    }
                }
            }
        }
        return new BinnedFeatures(names, edges, bins, upperBinRows, rows);
    }

    private static double[] edges(double[] column, int maxBins) {
        double[] sorted = column.clone();
        Arrays.sort(sorted);
        double[] distinct = new double[sorted.length + 1];
        int count = 0;
        distinct[count++] = 0;
        for (double value : sorted) {
            if (value > distinct[count - 1]) {
                distinct[count++] = value;
            }
        }
        if (count <= maxBins) {
            return Arrays.copyOf(distinct, count);
        }
        double[] quantiles = new double[maxBins];
        int size = 0;
        quantiles[size++] = 0;
        for (int k = 1; k < maxBins; k++) {
            double edge = sorted[(int) Math.ceil((double) k * sorted.length / (maxBins - 1)) - 1];
            if (edge > quantiles[size - 1]) {
                quantiles[size++] = edge;
            }
        }
        return Arrays.copyOf(quantiles, size);
    }

    int columns() {
        return names.length;
    }

    int rows() {
        return rows;
    }

    String name(int column) {
        return names[column];
    }

    int binCount(int column) {
        return edges[column].length;
    }

    /** The raw value at or below which an order goes the "less or equal" way of a split at {@code bin}. */
    double edge(int column, int bin) {
        return edges[column][bin];
    }

    byte[] bins(int column) {
        return bins[column];
    }

    /** The rows in bin 1 of a two-bin column (for a feature most orders lack, the few that have it). */
    int[] upperBinRows(int column) {
        if (upperBinRows[column] == null) {
            throw new IllegalArgumentException("column " + names[column] + " has " + binCount(column) + " bins, not 2");
        }
        return upperBinRows[column];
    }
}
