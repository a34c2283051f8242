package dev.autoship.predictor.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** One tree grown on tiny hand-built data, read back from its compact form. */
class TreeGrowerTest {

    private static final ForestShape ONE_TREE = new ForestShape(1, 10, 1f, 64, 0, 1L);

    @Test
    void aFeatureThatSeparatesTheLabelsIsSplitAtTheLastValueOfTheLowerLabel() {
        // 100 light parcels (2 oz) go one way, 100 heavy ones (8 oz) the other, beside a feature of pure noise
        List<double[]> rows = new ArrayList<>();
        int[] labels = new int[200];
        SplittableRandom noise = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            rows.add(new double[] {i < 100 ? 2 : 8, noise.nextInt(5)});
            labels[i] = i < 100 ? 0 : 1;
        }

        CompactForest tree = grow(ONE_TREE, new String[] {"weightOz", "noise"}, rows, labels, 2);

        assertThat(tree.nodes()).as("one split, two leaves").isEqualTo(3);
        assertThat(tree.featureNames()[tree.feature()[0]]).isEqualTo("weightOz");
        assertThat(tree.threshold()[0]).isEqualTo(2.0);
        assertThat(vote(tree, 2)).isEqualTo(0);
        assertThat(vote(tree, 1.9)).isEqualTo(0);
        assertThat(vote(tree, 2.1)).isEqualTo(1);
        assertThat(vote(tree, 8)).isEqualTo(1);
    }

    @Test
    void twoFeaturesNeededAreBothSplitOn() {
        // label 1 only when both heavy and abroad: the tree must use both features
        List<double[]> rows = new ArrayList<>();
        int[] labels = new int[400];
        for (int i = 0; i < 400; i++) {
            double heavy = (i & 1) == 0 ? 10 : 1;
            double abroad = (i & 2) == 0 ? 1 : 0;
            rows.add(new double[] {heavy, abroad});
            labels[i] = heavy > 5 && abroad > 0 ? 1 : 0;
        }

        CompactForest tree = grow(ONE_TREE, new String[] {"weightOz", "abroad"}, rows, labels, 2);

        assertThat(tree.nodes()).isEqualTo(5);
        assertThat(voteFor(tree, 10, 1)).isEqualTo(1);
        assertThat(voteFor(tree, 10, 0)).isEqualTo(0);
        assertThat(voteFor(tree, 1, 1)).isEqualTo(0);
        assertThat(voteFor(tree, 1, 0)).isEqualTo(0);
    }

    @Test
    void aFeatureFewRowsHaveIsSplitOnBelowTheRootAsAtIt() {
        // light parcels (1 oz) go one way, heavy ones (9 oz) the other, except the 6 heavy ones to Hawaii, which go a
        // third way: below the weight split, the few rows that have "state=HI" must be found among the node's rows
        List<String[]> names = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        int[] labels = new int[300];
        for (int i = 0; i < 300; i++) {
            boolean heavy = i >= 100;
            boolean hawaii = i % 50 == 7 || i % 50 == 9;
            names.add(hawaii ? new String[] {"weightOz", "state=HI"} : new String[] {"weightOz"});
            values.add(hawaii ? new double[] {heavy ? 9 : 1, 1} : new double[] {heavy ? 9 : 1});
            labels[i] = heavy ? (hawaii ? 2 : 1) : 0;
        }

        CompactForest tree = grow(ONE_TREE, names, values, labels, 3);

        assertThat(tree.nodes()).as("two splits, three leaves").isEqualTo(5);
        assertThat(voteFor(tree, Map.of("weightOz", 1.0, "state=HI", 1.0))).isEqualTo(0);
        assertThat(voteFor(tree, Map.of("weightOz", 9.0))).isEqualTo(1);
        assertThat(voteFor(tree, Map.of("weightOz", 9.0, "state=HI", 1.0))).isEqualTo(2);
    }

    @Test
    void everyDrawOfARowCountsInTheCutAndInTheVotes() {
        // 40 rows with noisy labels over 8 weights: a bootstrap sample draws some rows twice or more, and the stump must
        // be the best one on the draws, each draw a row of its own (checked here by trying every cut on the draws)
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom data = new SplittableRandom(100 + seed);
            List<String[]> names = new ArrayList<>();
            List<double[]> values = new ArrayList<>();
            int[] labels = new int[40];
            for (int i = 0; i < 40; i++) {
                int weight = 1 + data.nextInt(8);
                names.add(new String[] {"weightOz"});
                values.add(new double[] {weight});
                labels[i] = (weight <= 4) == (data.nextInt(10) < 7) ? 0 : 1;
            }
            List<int[]> samples = new ArrayList<>();
            CompactForest stump = HistogramForestTrainer.grow(new ForestShape(1, 1, 1f, 64, 0, seed),
                    FeatureColumns.of(FeatureRows.of(names, values)), labels, 2, null, samples::add);

            int[] drawn = samples.getFirst();
            double bestImpurity = giniSum(drawn, labels, values, Double.POSITIVE_INFINITY, true) - 1e-9;
            double bestCut = Double.NaN;
            for (int cut = 1; cut < 8; cut++) {
                double impurity = giniSum(drawn, labels, values, cut, true) + giniSum(drawn, labels, values, cut, false);
                if (impurity < bestImpurity) {
                    bestImpurity = impurity;
                    bestCut = cut;
                }
            }
            if (Double.isNaN(bestCut)) {
                assertThat(stump.nodes()).as("seed %d: no cut helps", seed).isEqualTo(1);
                continue;
            }
            assertThat(stump.nodes()).as("seed %d", seed).isEqualTo(3);
            assertThat(stump.threshold()[0]).as("seed %d", seed).isEqualTo(bestCut);
            assertThat(vote(stump, bestCut)).as("seed %d", seed).isEqualTo(majority(drawn, labels, values, bestCut, true));
            assertThat(vote(stump, 8)).as("seed %d", seed).isEqualTo(majority(drawn, labels, values, bestCut, false));
        }
    }

    /** Size times the Gini impurity of the draws on one side of a cut (at or below it, or above it). */
    private static double giniSum(int[] drawn, int[] labels, List<double[]> values, double cut, boolean atOrBelow) {
        int[] counts = sideCounts(drawn, labels, values, cut, atOrBelow);
        int size = counts[0] + counts[1];
        return size - ((double) counts[0] * counts[0] + (double) counts[1] * counts[1]) / size;
    }

    private static int majority(int[] drawn, int[] labels, List<double[]> values, double cut, boolean atOrBelow) {
        int[] counts = sideCounts(drawn, labels, values, cut, atOrBelow);
        return counts[1] > counts[0] ? 1 : 0;
    }

    private static int[] sideCounts(int[] drawn, int[] labels, List<double[]> values, double cut, boolean atOrBelow) {
        int[] counts = new int[2];
        for (int row : drawn) {
            if ((values.get(row)[0] <= cut) == atOrBelow) {
                counts[labels[row]]++;
            }
        }
        return counts;
    }

    @Test
    void oneLabelGrowsOneLeaf() {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(new double[] {i});
        }

        CompactForest tree = grow(ONE_TREE, new String[] {"weightOz"}, rows, new int[50], 1);

        assertThat(tree.nodes()).isEqualTo(1);
        assertThat(tree.feature()[0]).isEqualTo(~0);
    }

    @Test
    void identicalRowsWithDifferentLabelsCannotBeSplitAndVoteForTheMajority() {
        List<double[]> rows = new ArrayList<>();
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            rows.add(new double[] {3, 1});
            labels[i] = i % 10 < 7 ? 1 : 0;
        }

        CompactForest tree = grow(new ForestShape(1, 10, 1f, 64, 0, 7L), new String[] {"weightOz", "residential"}, rows,
                labels, 2);

        assertThat(tree.nodes()).isEqualTo(1);
        assertThat(tree.feature()[0]).isEqualTo(~1);
    }

    @Test
    void depthIsCapped() {
        List<double[]> rows = new ArrayList<>();
        int[] labels = new int[300];
        for (int i = 0; i < 300; i++) {
            rows.add(new double[] {i % 30});
            labels[i] = (i % 30) % 3;
        }

        CompactForest tree = grow(new ForestShape(1, 1, 1f, 64, 0, 1L), new String[] {"x"}, rows, labels, 3);

        assertThat(tree.nodes()).as("depth 1: one split").isEqualTo(3);
    }

    @Test
    void aSplitLeavingFewerThanTheMinimumLeafRowsOnASideIsNotMade() {
        // 10 parcels of 1 oz go one way, 90 of 5 oz the other: a split isolates them unless a leaf needs 40 rows
        List<double[]> rows = new ArrayList<>();
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            rows.add(new double[] {i < 10 ? 1 : 5});
            labels[i] = i < 10 ? 1 : 0;
        }

        assertThat(grow(ONE_TREE, new String[] {"weightOz"}, rows, labels, 2).nodes()).isEqualTo(3);
        CompactForest tree = grow(ONE_TREE.withMinLeafRows(40), new String[] {"weightOz"}, rows, labels, 2);
        assertThat(tree.nodes()).isEqualTo(1);
        assertThat(tree.feature()[0]).isEqualTo(~0);
    }

    @Test
    void randomThresholdsCutOnlyBetweenValuesTheNodeHas() {
        List<double[]> rows = new ArrayList<>();
        int[] labels = new int[200];
        for (int i = 0; i < 200; i++) {
            rows.add(new double[] {i < 100 ? 2 : 8});
            labels[i] = i < 100 ? 0 : 1;
        }

        for (long seed = 1; seed <= 5; seed++) {
            ForestShape shape = new ForestShape(1, 10, 1f, 64, 0, seed).withRandomThresholds();
            CompactForest tree = grow(shape, new String[] {"weightOz"}, rows, labels, 2);
            assertThat(tree.nodes()).as("seed %d", seed).isEqualTo(3);
            assertThat(tree.threshold()[0]).isEqualTo(2.0);
        }
    }

    @Test
    void depthByHistoryCapsTheDepthAtTheLogarithmOfTheSample() {
        ForestShape shape = new ForestShape(30, 10, 0.5f, 64, 500, 1L).withDepthByHistory();

        assertThat(shape.depthFor(100)).isEqualTo(6);
        assertThat(shape.depthFor(500)).isEqualTo(8);
        assertThat(shape.depthFor(5000)).isEqualTo(10);
        assertThat(new ForestShape(30, 10, 0.5f, 64, 500, 1L).depthFor(100)).isEqualTo(10);
    }

    private static CompactForest grow(ForestShape shape, String[] names, List<double[]> values, int[] labels, int labelCount) {
        List<String[]> rowNames = new ArrayList<>();
        values.forEach(v -> rowNames.add(names));
        return grow(shape, rowNames, values, labels, labelCount);
    }

    private static CompactForest grow(ForestShape shape, List<String[]> rowNames, List<double[]> values, int[] labels,
                                      int labelCount) {
        FeatureColumns columns = FeatureColumns.of(FeatureRows.of(rowNames, values));
        BinnedFeatures binned = BinnedFeatures.of(columns, shape.maxBins());
        CompactForest.Builder forest = new CompactForest.Builder(labelCount);
        forest.startTree();
        new TreeGrower(binned, labels, labelCount, shape).grow(new SplittableRandom(shape.seed()), forest);
        return forest.build(columns);
    }

    private static int vote(CompactForest tree, double value) {
        return tree.leafLabel(0, new double[] {value});
    }

    private static int voteFor(CompactForest tree, Map<String, Double> features) {
        double[] values = new double[tree.featureNames().length];
        String[] names = tree.featureNames();
        for (int slot = 0; slot < names.length; slot++) {
            values[slot] = features.getOrDefault(names[slot], 0.0);
        }
        return tree.leafLabel(0, values);
    }

    private static int voteFor(CompactForest tree, double weight, double abroad) {
        double[] values = new double[tree.featureNames().length];
        String[] names = tree.featureNames();
        for (int slot = 0; slot < names.length; slot++) {
            values[slot] = names[slot].equals("weightOz") ? weight : abroad;
        }
        return tree.leafLabel(0, values);
    }
}
