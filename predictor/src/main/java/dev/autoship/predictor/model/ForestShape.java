package dev.autoship.predictor.model;

/**
 * How a customer's forest is grown (chosen by the measurements in the README's model section).
 *
 * @param trees             trees in the forest
 * @param maxDepth          deepest split of a tree
 * @param featureFraction   share of the features each split may choose from
 * @param maxBins           values a feature column is split on at most (2..255): columns with more distinct values
 *                          get this many quantile bins (training cost grows with them, accuracy barely)
 * @param maxSamplesPerTree bootstrap sample size of a tree, at most the history size (0 = the history size)
 * @param seed              seed of the bootstrap samples and feature choices (the same history grows the same forest)
 * @param recencyHalfLifeDays bootstrap samples draw a shipment this many days older half as often (0 = all alike)
 * @param minLeafRows       fewest bootstrap rows on either side of a split (1 = any split)
 * @param randomThresholds  each candidate feature is cut at one random bin instead of its best (extra-trees style)
 * @param smallHistoryTrees trees in the forest of a history smaller than {@code maxSamplesPerTree}, where a tree is
 *                          cheap (0 = {@code trees})
 * @param depthByHistory    a tree splits at most log2(its sample size) deep (below {@code maxDepth})
 */
public record ForestShape(int trees, int maxDepth, float featureFraction, int maxBins, int maxSamplesPerTree, long seed,
                          double recencyHalfLifeDays, int minLeafRows, boolean randomThresholds, int smallHistoryTrees,
                          boolean depthByHistory) {

    public ForestShape {
        if (trees < 1 || maxDepth < 1 || !(featureFraction > 0 && featureFraction <= 1) || maxBins < 2 || maxBins > 255
                || maxSamplesPerTree < 0 || !(recencyHalfLifeDays >= 0) || minLeafRows < 1 || smallHistoryTrees < 0) {
            throw new IllegalArgumentException("not a forest shape: " + trees + " trees, depth " + maxDepth
                    + ", feature fraction " + featureFraction + ", " + maxBins + " bins, " + maxSamplesPerTree
                    + " samples per tree, recency half-life " + recencyHalfLifeDays + " days, min leaf rows "
                    + minLeafRows + ", small-history trees " + smallHistoryTrees);
        }
    }

    /** A forest whose bootstrap samples draw every shipment alike. */
    public ForestShape(int trees, int maxDepth, float featureFraction, int maxBins, int maxSamplesPerTree, long seed) {
        this(trees, maxDepth, featureFraction, maxBins, maxSamplesPerTree, seed, 0);
    }

    public ForestShape(int trees, int maxDepth, float featureFraction, int maxBins, int maxSamplesPerTree, long seed,
                       double recencyHalfLifeDays) {
        this(trees, maxDepth, featureFraction, maxBins, maxSamplesPerTree, seed, recencyHalfLifeDays, 1, false, 0, false);
    }

    ForestShape withMinLeafRows(int rows) {
        return new ForestShape(trees, maxDepth, featureFraction, maxBins, maxSamplesPerTree, seed, recencyHalfLifeDays,
                rows, randomThresholds, smallHistoryTrees, depthByHistory);
    }

    ForestShape withRandomThresholds() {
        return new ForestShape(trees, maxDepth, featureFraction, maxBins, maxSamplesPerTree, seed, recencyHalfLifeDays,
                minLeafRows, true, smallHistoryTrees, depthByHistory);
    }

    ForestShape withSmallHistoryTrees(int count) {
        return new ForestShape(trees, maxDepth, featureFraction, maxBins, maxSamplesPerTree, seed, recencyHalfLifeDays,
                minLeafRows, randomThresholds, count, depthByHistory);
    }

    ForestShape withDepthByHistory() {
        return new ForestShape(trees, maxDepth, featureFraction, maxBins, maxSamplesPerTree, seed, recencyHalfLifeDays,
                minLeafRows, randomThresholds, smallHistoryTrees, true);
    }

    int sampleSize(int examples) {
        return maxSamplesPerTree == 0 ? examples : Math.min(examples, maxSamplesPerTree);
    }

    /** Trees grown on a history of {@code examples} shipments. */
    int treesFor(int examples) {
        return smallHistoryTrees > 0 && maxSamplesPerTree > 0 && examples < maxSamplesPerTree ? smallHistoryTrees : trees;
    }

    /** Deepest split of a tree grown on {@code sample} bootstrap rows. */
    int depthFor(int sample) {
        if (!depthByHistory) {
            return maxDepth;
        }
        int log2 = 31 - Integer.numberOfLeadingZeros(Math.max(2, sample));
        return Math.min(maxDepth, log2);
    }

    /** How stored models name their trainer. */
    String describe() {
        return "forest(" + trees + " trees, depth " + maxDepth + ", features " + featureFraction + ", bins " + maxBins
                + ", samples " + (maxSamplesPerTree == 0 ? "all" : maxSamplesPerTree)
                + (minLeafRows > 1 ? ", min leaf " + minLeafRows : "")
                + (randomThresholds ? ", random thresholds" : "")
                + (smallHistoryTrees > 0 ? ", " + smallHistoryTrees + " trees under " + maxSamplesPerTree : "")
                + (depthByHistory ? ", depth by history" : "") + ")";
    }
}
