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
 */
public record ForestShape(int trees, int maxDepth, float featureFraction, int maxBins, int maxSamplesPerTree, long seed,
                          double recencyHalfLifeDays) {

    public ForestShape {
        if (trees < 1 || maxDepth < 1 || !(featureFraction > 0 && featureFraction <= 1) || maxBins < 2 || maxBins > 255
                || maxSamplesPerTree < 0 || !(recencyHalfLifeDays >= 0)) {
            throw new IllegalArgumentException("not a forest shape: " + trees + " trees, depth " + maxDepth
                    + ", feature fraction " + featureFraction + ", " + maxBins + " bins, " + maxSamplesPerTree
                    + " samples per tree, recency half-life " + recencyHalfLifeDays + " days");
        }
    }

    /** A forest whose bootstrap samples draw every shipment alike. */
    public ForestShape(int trees, int maxDepth, float featureFraction, int maxBins, int maxSamplesPerTree, long seed) {
        this(trees, maxDepth, featureFraction, maxBins, maxSamplesPerTree, seed, 0);
    }

    int sampleSize(int examples) {
        return maxSamplesPerTree == 0 ? examples : Math.min(examples, maxSamplesPerTree);
    }

    /** How stored models name their trainer. */
    String describe() {
        return "forest(" + trees + " trees, depth " + maxDepth + ", features " + featureFraction + ", bins " + maxBins + ", samples " + (maxSamplesPerTree == 0 ? "all" : maxSamplesPerTree) + ")";
    }
}
