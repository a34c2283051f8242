package dev.autoship.predictor.model;

import java.util.SplittableRandom;

/**
 * Grows one classification tree (CART: Gini impurity, a random share of the features per split, as in a
 * random forest) on a bootstrap sample of {@link BinnedFeatures}, writing it in pre-order into a
 * {@link CompactForest.Builder}. Split search sorts a node's labels by the bin of a column (a counting sort, the
 * bins being few) instead of sorting values, so a split costs a few passes over the node's rows per candidate
 * feature, however many bins and labels there are.
 */
final class TreeGrower {

    /** A node with fewer rows is a leaf (Tribuo's CART default). */
    static final int MIN_ROWS_TO_SPLIT = 5;

    private final BinnedFeatures features;
    private final int[] labels;
    private final int labelCount;
    private final ForestShape shape;
    private final int featuresPerSplit;
    /** Running sums of the rows' sampling weights, or null when every row is drawn alike. */
    private final double[] cumulativeWeights;

    TreeGrower(BinnedFeatures features, int[] labels, int labelCount, ForestShape shape) {
        this(features, labels, labelCount, shape, null);
    }

    /** @param weights how often each row is drawn into a bootstrap sample, relatively; null: all alike */
    TreeGrower(BinnedFeatures features, int[] labels, int labelCount, ForestShape shape, double[] weights) {
        this.features = features;
        this.labels = labels;
        this.labelCount = labelCount;
        this.shape = shape;
        this.featuresPerSplit = Math.max(1, Math.round(features.columns() * shape.featureFraction()));
        if (weights == null) {
            this.cumulativeWeights = null;
        } else {
            this.cumulativeWeights = new double[weights.length];
            double sum = 0;
            for (int row = 0; row < weights.length; row++) {
                sum += weights[row];
                cumulativeWeights[row] = sum;
            }
        }
    }

    /** @return the tree's bootstrap sample (row numbers, repeats included, in no particular order) */
    int[] grow(SplittableRandom random, CompactForest.Builder forest) {
        int sample = shape.sampleSize(features.rows());
        int[] rows = new int[sample];
        for (int i = 0; i < sample; i++) {
            rows[i] = cumulativeWeights == null ? random.nextInt(features.rows()) : weightedRow(random);
        }
        new Growth(random, forest, rows, shape.depthFor(sample)).node(0, sample, 0);
        return rows;
    }

    private int weightedRow(SplittableRandom random) {
        double at = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
        int found = java.util.Arrays.binarySearch(cumulativeWeights, at);
        return Math.min(cumulativeWeights.length - 1, found >= 0 ? found + 1 : -found - 1);
    }

    /** The state of one tree's growth: scratch arrays reused by every node. */
    private final class Growth {
        private final SplittableRandom random;
        private final CompactForest.Builder forest;
        private final int[] rows;
        private final int[] columns;
        private final int maxDepth;
        /** Labels of the node's rows. */
        private final int[] counts;
        private final int[] leftCounts;
        private final int[] rightCounts;
        /** Per bin of the column searched: the node's rows in it, then where they end in {@link #sortedLabels}. */
        private final int[] binEnds;
        /** By position in the node: the row's label, and its bin in the column searched. */
        private final int[] nodeLabels;
        private final byte[] nodeBins;
        /** The node's labels ordered by bin (a counting sort). */
        private final int[] sortedLabels;

        Growth(SplittableRandom random, CompactForest.Builder forest, int[] rows, int maxDepth) {
            this.random = random;
            this.maxDepth = maxDepth;
            this.forest = forest;
            this.rows = rows;
            this.columns = new int[features.columns()];
            for (int c = 0; c < columns.length; c++) {
                columns[c] = c;
            }
            int maxBins = 0;
            for (int c = 0; c < columns.length; c++) {
                maxBins = Math.max(maxBins, features.binCount(c));
            }
            this.binEnds = new int[maxBins];
            this.counts = new int[labelCount];
            this.leftCounts = new int[labelCount];
            this.rightCounts = new int[labelCount];
            this.nodeLabels = new int[rows.length];
            this.nodeBins = new byte[rows.length];
            this.sortedLabels = new int[rows.length];
        }

        /**
         * Grows the subtree of {@code rows[from, to)}. A split search costs O(rows + bins) per candidate feature: the
         * node's labels are counting-sorted by bin, then walked in bin order, moving each row from the right side to
         * the left and keeping both sides' sums of squared label counts as exact integers, so the impurity at every
         * bin boundary is the same number the per-bin label histogram gave (Gini as {@code size − squares/size}).
         */
        void node(int from, int to, int depth) {
            java.util.Arrays.fill(counts, 0);
            int size = to - from;
            for (int i = 0; i < size; i++) {
                int label = labels[rows[from + i]];
                nodeLabels[i] = label;
                counts[label]++;
            }
            int majority = 0;
            for (int label = 1; label < labelCount; label++) {
                if (counts[label] > counts[majority]) {
                    majority = label;
                }
            }
            int minLeaf = shape.minLeafRows();
            if (depth >= maxDepth || size < Math.max(MIN_ROWS_TO_SPLIT, 2 * minLeaf) || counts[majority] == size) {
                forest.leaf(majority);
                return;
            }
            long squares = squares(counts);
            double parent = size - (double) squares / size;
            int bestColumn = -1;
            int bestBin = -1;
            double bestImpurity = parent - 1e-9;
            // a partial Fisher-Yates shuffle picks this split's candidate features
            for (int k = 0; k < featuresPerSplit; k++) {
                int pick = k + random.nextInt(columns.length - k);
                int column = columns[pick];
                columns[pick] = columns[k];
                columns[k] = column;
                int bins = features.binCount(column);
                if (bins < 2) {
                    continue;
                }
                byte[] columnBins = features.bins(column);
                if (shape.randomThresholds()) {
                    int lowest = 255;
                    int highest = 0;
                    for (int i = from; i < to; i++) {
                        int bin = columnBins[rows[i]] & 0xff;
                        lowest = Math.min(lowest, bin);
                        highest = Math.max(highest, bin);
                    }
                    if (highest <= lowest) {
                        continue;
                    }
                    int cut = lowest + random.nextInt(highest - lowest);
                    double impurity = impurityAt(columnBins, from, size, cut, minLeaf);
                    if (impurity < bestImpurity) {
                        bestImpurity = impurity;
                        bestColumn = column;
                        bestBin = cut;
                    }
                    continue;
                }
                if (bins == 2) {
                    // one boundary (a feature an order has or not, mostly): no sort needed
                    double impurity = impurityAt(columnBins, from, size, 0, minLeaf);
                    if (impurity < bestImpurity) {
                        bestImpurity = impurity;
                        bestColumn = column;
                        bestBin = 0;
                    }
                    continue;
                }
                java.util.Arrays.fill(binEnds, 0, bins, 0);
                for (int i = 0; i < size; i++) {
                    byte bin = columnBins[rows[from + i]];
                    nodeBins[i] = bin;
                    binEnds[bin & 0xff]++;
                }
                int end = 0;
                for (int bin = 0; bin < bins; bin++) {
                    end += binEnds[bin];
                    binEnds[bin] = end - binEnds[bin];
                }
                for (int i = 0; i < size; i++) {
                    sortedLabels[binEnds[nodeBins[i] & 0xff]++] = nodeLabels[i];
                }
                java.util.Arrays.fill(leftCounts, 0);
                System.arraycopy(counts, 0, rightCounts, 0, labelCount);
                long leftSquares = 0;
                long rightSquares = squares;
                int left = 0;
                // the last bin holds the rest of the node: no boundary after it
                for (int bin = 0; bin < bins - 1; bin++) {
                    int binEnd = binEnds[bin];
                    if (binEnd == left) {
                        continue;
                    }
                    for (int p = left; p < binEnd; p++) {
                        int label = sortedLabels[p];
                        leftSquares += 2L * leftCounts[label]++ + 1;
                        rightSquares -= 2L * rightCounts[label]-- - 1;
                    }
                    left = binEnd;
                    if (left == size || size - left < minLeaf) {
                        break;
                    }
                    if (left < minLeaf) {
                        continue;
                    }
                    int right = size - left;
                    double impurity = (left - (double) leftSquares / left) + (right - (double) rightSquares / right);
                    if (impurity < bestImpurity) {
                        bestImpurity = impurity;
                        bestColumn = column;
                        bestBin = bin;
                    }
                }
            }
            if (bestColumn < 0) {
                forest.leaf(majority);
                return;
            }
            byte[] columnBins = features.bins(bestColumn);
            int split = from;
            for (int i = from; i < to; i++) {
                if ((columnBins[rows[i]] & 0xff) <= bestBin) {
                    int row = rows[i];
                    rows[i] = rows[split];
                    rows[split++] = row;
                }
            }
            int index = forest.split(features.name(bestColumn), features.edge(bestColumn, bestBin));
            node(from, split, depth + 1);
            forest.greaterIsNext(index);
            node(split, to, depth + 1);
        }

        /**
         * Size times Gini impurity of both sides of a cut of {@code rows[from, from + size)} at {@code cut} (rows in
         * bins up to it go left), or infinity when a side would have fewer than {@code minLeaf} rows.
         */
        private double impurityAt(byte[] columnBins, int from, int size, int cut, int minLeaf) {
            java.util.Arrays.fill(leftCounts, 0);
            int left = 0;
            for (int i = 0; i < size; i++) {
                if ((columnBins[rows[from + i]] & 0xff) <= cut) {
                    leftCounts[nodeLabels[i]]++;
                    left++;
                }
            }
            if (left < minLeaf || size - left < minLeaf) {
                return Double.POSITIVE_INFINITY;
            }
            long leftSquares = 0;
            long rightSquares = 0;
            for (int label = 0; label < labelCount; label++) {
                long inLeft = leftCounts[label];
                long inRight = counts[label] - inLeft;
                leftSquares += inLeft * inLeft;
                rightSquares += inRight * inRight;
            }
            int right = size - left;
            return (left - (double) leftSquares / left) + (right - (double) rightSquares / right);
        }

        /** The sum of the squared counts: size minus it over size is size times the Gini impurity. */
        private static long squares(int[] counts) {
            long squares = 0;
            for (int count : counts) {
                squares += (long) count * count;
            }
            return squares;
        }
    }
}
