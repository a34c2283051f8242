package dev.autoship.predictor.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
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
        BinnedFeatures binned = BinnedFeatures.of(FeatureRows.of(rowNames, values), shape.maxBins());
        CompactForest.Builder forest = new CompactForest.Builder(labelCount);
        forest.startTree();
        new TreeGrower(binned, labels, labelCount, shape).grow(new SplittableRandom(shape.seed()), forest);
        return forest.build();
    }

    private static int vote(CompactForest tree, double value) {
        return tree.leafLabel(0, new double[] {value});
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
