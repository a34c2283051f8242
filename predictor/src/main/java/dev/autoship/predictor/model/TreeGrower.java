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
        int[] drawn = new int[sample];
        for (int i = 0; i < sample; i++) {
            drawn[i] = cumulativeWeights == null ? random.nextInt(features.rows()) : weightedRow(random);
        }
        new Growth(random, forest, drawn, shape.depthFor(sample)).grow();
        return drawn;
    }

    private int weightedRow(SplittableRandom random) {
        double at = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
        int found = java.util.Arrays.binarySearch(cumulativeWeights, at);
        return Math.min(cumulativeWeights.length - 1, found >= 0 ? found + 1 : -found - 1);
    }

    /**
     * The state of one tree's growth: scratch arrays reused by every node. A row drawn several times into the sample
     * is one entry with its draw count as weight: every count below is a count of drawn rows, as if each draw were a
     * row of its own, so the trees are those grown on the repeated rows.
     */
    private final class Growth {
        private final SplittableRandom random;
        private final CompactForest.Builder forest;
        /** The distinct rows drawn; each node owns a range of them. */
        private final int[] rows;
        /** How often each row of the data set was drawn (0: not in the sample). */
        private final int[] weight;
        /** The node each drawn row is in now (meaningless for rows not drawn, whose weight is 0). */
        private final int[] nodeOf;
        private final int[] columns;
        private final int maxDepth;
        private int nodes;
        /** Drawn rows of the node by label. */
        private final int[] counts;
        private final int[] leftCounts;
        private final int[] rightCounts;
        /** Per bin of the column searched: the node's rows in it, then where they end in the sorted arrays. */
        private final int[] binEnds;
        /** By position in the node: the row's label and weight, and its bin in the column searched. */
        private final int[] nodeLabels;
        private final int[] nodeWeights;
        private final byte[] nodeBins;
        /** The node's labels and weights ordered by bin (a counting sort). */
        private final int[] sortedLabels;
        private final int[] sortedWeights;

        Growth(SplittableRandom random, CompactForest.Builder forest, int[] drawn, int maxDepth) {
            this.random = random;
            this.maxDepth = maxDepth;
            this.forest = forest;
            this.weight = new int[features.rows()];
            this.nodeOf = new int[features.rows()];
            int distinct = 0;
            int[] sampled = new int[drawn.length];
            for (int row : drawn) {
                if (weight[row]++ == 0) {
                    sampled[distinct++] = row;
                }
            }
            this.rows = java.util.Arrays.copyOf(sampled, distinct);
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
            this.nodeLabels = new int[distinct];
            this.nodeWeights = new int[distinct];
            this.nodeBins = new byte[distinct];
            this.sortedLabels = new int[distinct];
            this.sortedWeights = new int[distinct];
        }

        void grow() {
            node(0, rows.length, 0, nodes++);
        }

        /**
         * Grows the subtree of the node {@code id}, which owns {@code rows[from, to)}. A split search costs
         * O(rows + bins) per candidate feature, O(rows having it) for a feature most rows lack: the node's labels are
         * counting-sorted by bin, then walked in bin order, moving each row from the right side to the left and
         * keeping both sides' sums of squared label counts as exact integers, so the impurity at every bin boundary
         * is the same number a per-bin label histogram gives (Gini as {@code size − squares/size}).
         */
        private void node(int from, int to, int depth, int id) {
            java.util.Arrays.fill(counts, 0);
            int distinct = to - from;
            int size = 0;
            for (int i = 0; i < distinct; i++) {
                int row = rows[from + i];
                int label = labels[row];
                int drawnTimes = weight[row];
                nodeLabels[i] = label;
                nodeWeights[i] = drawnTimes;
                counts[label] += drawnTimes;
                size += drawnTimes;
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
                if (bins == 2) {
                    int upper = features.upperBinRows(column).length;
                    if (upper == 0 || upper == features.rows()) {
                        continue; // every row on one side (the bias, say): no split, no cut to draw
                    }
                    // one boundary (a feature an order has or not, mostly): count the node's rows beyond it
                    int right = countUpperBin(column, columnBins, from, distinct, id);
                    if (shape.randomThresholds()) {
                        if (right == 0 || right == size) {
                            continue;
                        }
                        random.nextInt(1); // the cut, drawn as for wider columns
                    }
                    double impurity = impurityOfLeftRest(size - right, size, minLeaf);
                    if (impurity < bestImpurity) {
                        bestImpurity = impurity;
                        bestColumn = column;
                        bestBin = 0;
                    }
                    continue;
                }
                if (shape.randomThresholds()) {
                    int lowest = 255;
                    int highest = 0;
                    for (int i = 0; i < distinct; i++) {
                        int bin = columnBins[rows[from + i]] & 0xff;
                        lowest = Math.min(lowest, bin);
                        highest = Math.max(highest, bin);
                    }
                    if (highest <= lowest) {
                        continue;
                    }
                    int cut = lowest + random.nextInt(highest - lowest);
                    java.util.Arrays.fill(leftCounts, 0);
                    int left = 0;
                    for (int i = 0; i < distinct; i++) {
                        if ((columnBins[rows[from + i]] & 0xff) <= cut) {
                            leftCounts[nodeLabels[i]] += nodeWeights[i];
                            left += nodeWeights[i];
                        }
                    }
                    for (int label = 0; label < labelCount; label++) {
                        rightCounts[label] = counts[label] - leftCounts[label];
                    }
                    double impurity = impurityOfLeftRest(left, size, minLeaf);
                    if (impurity < bestImpurity) {
                        bestImpurity = impurity;
                        bestColumn = column;
                        bestBin = cut;
                    }
                    continue;
                }
                java.util.Arrays.fill(binEnds, 0, bins, 0);
                for (int i = 0; i < distinct; i++) {
                    byte bin = columnBins[rows[from + i]];
                    nodeBins[i] = bin;
                    binEnds[bin & 0xff]++;
                }
                int end = 0;
                for (int bin = 0; bin < bins; bin++) {
                    end += binEnds[bin];
                    binEnds[bin] = end - binEnds[bin];
                }
                for (int i = 0; i < distinct; i++) {
                    int at = binEnds[nodeBins[i] & 0xff]++;
                    sortedLabels[at] = nodeLabels[i];
                    sortedWeights[at] = nodeWeights[i];
                }
                java.util.Arrays.fill(leftCounts, 0);
                System.arraycopy(counts, 0, rightCounts, 0, labelCount);
                long leftSquares = 0;
                long rightSquares = squares;
                int left = 0;
                int position = 0;
                // the last bin holds the rest of the node: no boundary after it
                for (int bin = 0; bin < bins - 1; bin++) {
                    int binEnd = binEnds[bin];
                    if (binEnd == position) {
                        continue;
                    }
                    for (; position < binEnd; position++) {
                        int label = sortedLabels[position];
                        long moved = sortedWeights[position];
                        // (l + w)² − l² and r² − (r − w)², the change of each side's sum of squares
                        leftSquares += moved * (2L * leftCounts[label] + moved);
                        rightSquares -= moved * (2L * rightCounts[label] - moved);
                        leftCounts[label] += (int) moved;
                        rightCounts[label] -= (int) moved;
                        left += (int) moved;
                    }
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
            int lower = nodes++;
            int upper = nodes++;
            int split = from;
            for (int i = from; i < to; i++) {
                int row = rows[i];
                if ((columnBins[row] & 0xff) <= bestBin) {
                    nodeOf[row] = lower;
                    rows[i] = rows[split];
                    rows[split++] = row;
                } else {
                    nodeOf[row] = upper;
                }
            }
            int index = forest.split(features.name(bestColumn), features.edge(bestColumn, bestBin));
            node(from, split, depth + 1, lower);
            forest.greaterIsNext(index);
            node(split, to, depth + 1, upper);
        }

        /**
         * Counts the drawn rows of node {@code id} in bin 1 of a two-bin column by label into {@link #rightCounts}:
         * through the column's few rows in bin 1 when they are fewer than the node's rows, else through the node's.
         *
         * @return how many
         */
        private int countUpperBin(int column, byte[] columnBins, int from, int distinct, int id) {
            java.util.Arrays.fill(rightCounts, 0);
            int right = 0;
            int[] upperRows = features.upperBinRows(column);
            if (upperRows.length < distinct) {
                for (int row : upperRows) {
                    if (nodeOf[row] == id) {
                        int drawnTimes = weight[row];
                        rightCounts[labels[row]] += drawnTimes;
                        right += drawnTimes;
                    }
                }
            } else {
                for (int i = 0; i < distinct; i++) {
                    // bin 0 or 1: adding weight × bin spares a branch the data would mispredict
                    int moved = nodeWeights[i] * columnBins[rows[from + i]];
                    rightCounts[nodeLabels[i]] += moved;
                    right += moved;
                }
            }
            return right;
        }

        /**
         * Size times Gini impurity of both sides of a cut that leaves {@code left} rows on the left and
         * {@link #rightCounts} on the right, or infinity when a side would have fewer than {@code minLeaf} rows.
         */
        private double impurityOfLeftRest(int left, int size, int minLeaf) {
            if (left < minLeaf || size - left < minLeaf) {
                return Double.POSITIVE_INFINITY;
            }
            long leftSquares = 0;
            long rightSquares = 0;
            for (int label = 0; label < labelCount; label++) {
                long inRight = rightCounts[label];
                long inLeft = counts[label] - inRight;
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
