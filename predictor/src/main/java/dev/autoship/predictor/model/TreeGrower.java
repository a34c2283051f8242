package dev.autoship.predictor.model;

import java.util.SplittableRandom;

/**
 * Grows one classification tree (CART: Gini impurity, a random share of the features per split, as in a
 * random forest) on a bootstrap sample of {@link BinnedFeatures}, writing it in pre-order into a
 * {@link CompactForest.Builder}. Split search counts labels per bin of a column (a histogram) instead of
 * sorting values, so a split costs one pass over the node's rows per candidate feature.
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
        private final int[] histogram;
        private final int[] leftCounts;
        private final int[] counts;
        private final int maxDepth;

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
            this.histogram = new int[maxBins * labelCount];
            this.leftCounts = new int[labelCount];
            this.counts = new int[labelCount];
        }

        /** Grows the subtree of {@code rows[from, to)}. */
        void node(int from, int to, int depth) {
            java.util.Arrays.fill(counts, 0);
            for (int i = from; i < to; i++) {
                counts[labels[rows[i]]]++;
            }
            int majority = 0;
            for (int label = 1; label < labelCount; label++) {
                if (counts[label] > counts[majority]) {
                    majority = label;
                }
            }
            int size = to - from;
            int minLeaf = shape.minLeafRows();
            if (depth >= maxDepth || size < Math.max(MIN_ROWS_TO_SPLIT, 2 * minLeaf) || counts[majority] == size) {
                forest.leaf(majority);
                return;
            }
            double parent = giniSum(counts, size);
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
                java.util.Arrays.fill(histogram, 0, bins * labelCount, 0);
                for (int i = from; i < to; i++) {
                    int row = rows[i];
                    histogram[(columnBins[row] & 0xff) * labelCount + labels[row]]++;
                }
                int lastBin = bins - 1;
                int cut = -1;
                if (shape.randomThresholds()) {
                    int lowest = 0;
                    while (lowest < bins && empty(lowest)) {
                        lowest++;
                    }
                    int highest = bins - 1;
                    while (highest > lowest && empty(highest)) {
                        highest--;
                    }
                    if (highest <= lowest) {
                        continue;
                    }
                    cut = lowest + random.nextInt(highest - lowest);
                    lastBin = cut + 1;
                }
                java.util.Arrays.fill(leftCounts, 0);
                int left = 0;
                for (int bin = 0; bin < lastBin; bin++) {
                    int base = bin * labelCount;
                    int added = 0;
                    for (int label = 0; label < labelCount; label++) {
                        leftCounts[label] += histogram[base + label];
                        added += histogram[base + label];
                    }
                    if (added == 0 && cut < 0) {
                        continue;
                    }
                    left += added;
                    if (left == size || size - left < minLeaf) {
                        break;
                    }
                    if (left < minLeaf || (cut >= 0 && bin != cut)) {
                        continue;
                    }
                    double impurity = giniSum(leftCounts, left) + rightGiniSum(left, size);
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

        private boolean empty(int bin) {
            int base = bin * labelCount;
            for (int label = 0; label < labelCount; label++) {
                if (histogram[base + label] != 0) {
                    return false;
                }
            }
            return true;
        }

        /** Size times Gini impurity: the sum over labels of count·(1 − count/size). */
        private static double giniSum(int[] counts, int size) {
            double squares = 0;
            for (int count : counts) {
                squares += (double) count * count;
            }
            return size - squares / size;
        }

        private double rightGiniSum(int left, int size) {
            int right = size - left;
            double squares = 0;
            for (int label = 0; label < labelCount; label++) {
                double count = counts[label] - leftCounts[label];
                squares += count * count;
            }
            return right - squares / right;
        }
    }
}
