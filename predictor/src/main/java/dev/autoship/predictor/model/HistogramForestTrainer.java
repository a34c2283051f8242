package dev.autoship.predictor.model;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.tribuo.Dataset;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.TrainerProvenance;
import org.tribuo.provenance.impl.TrainerProvenanceImpl;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The predictor's random forest as a Tribuo trainer: CART trees (Gini, a share of the features per split, bootstrap
 * samples) grown by {@link TreeGrower} on binned feature columns straight into a {@link CompactForest}, wrapped in a
 * {@link HistogramForestModel} with Tribuo provenance. Every training starts from the configured seed rather than
 * from a stream advanced per invocation: the same history grows the same forest on every instance and after every
 * restart, so instances that train one customer concurrently agree.
 */
public final class HistogramForestTrainer implements Trainer<Label> {

    @Config(description = "Trees in the forest.")
    private int trees = 30;
    @Config(description = "Deepest split of a tree.")
    private int maxDepth = 10;
    @Config(description = "Share of the features each split may choose from.")
    private float featureFraction = 0.5f;
    @Config(description = "Quantile bins a feature column is cut into at most (2..255).")
    private int maxBins = 64;
    @Config(description = "Bootstrap sample size of a tree, at most the data set size (0 = the data set size).")
    private int maxSamplesPerTree = 500;
    @Config(description = "Seed of the bootstrap samples and feature choices.")
    private long seed = 1L;
    @Config(description = "Bootstrap samples draw a shipment this many days older half as often (0 = all alike).")
    private double recencyHalfLifeDays = 0;
    @Config(description = "Fewest bootstrap rows on either side of a split (1 = any split).")
    private int minLeafRows = 1;
    @Config(description = "Cut each candidate feature at one random bin instead of its best (extra-trees style).")
    private boolean randomThresholds = false;
    @Config(description = "Trees in the forest of a history smaller than maxSamplesPerTree (0 = trees).")
    private int smallHistoryTrees = 0;
    @Config(description = "A tree splits at most log2(its sample size) deep (below maxDepth).")
    private boolean depthByHistory = false;

    private int invocations;

    /** For OLCUT's configuration system. */
    private HistogramForestTrainer() {
    }

    public HistogramForestTrainer(ForestShape shape) {
        this.trees = shape.trees();
        this.maxDepth = shape.maxDepth();
        this.featureFraction = shape.featureFraction();
        this.maxBins = shape.maxBins();
        this.maxSamplesPerTree = shape.maxSamplesPerTree();
        this.seed = shape.seed();
        this.recencyHalfLifeDays = shape.recencyHalfLifeDays();
        this.minLeafRows = shape.minLeafRows();
        this.randomThresholds = shape.randomThresholds();
        this.smallHistoryTrees = shape.smallHistoryTrees();
        this.depthByHistory = shape.depthByHistory();
    }

    ForestShape shape() {
        return new ForestShape(trees, maxDepth, featureFraction, maxBins, maxSamplesPerTree, seed, recencyHalfLifeDays,
                minLeafRows, randomThresholds, smallHistoryTrees, depthByHistory);
    }

    @Override
    public HistogramForestModel train(Dataset<Label> examples) {
        return train(examples, Map.of());
    }

    @Override
    public HistogramForestModel train(Dataset<Label> examples, Map<String, Provenance> runProvenance) {
        return train(examples, runProvenance, INCREMENT_INVOCATION_COUNT);
    }

    @Override
    public HistogramForestModel train(Dataset<Label> examples, Map<String, Provenance> runProvenance, int invocationCount) {
        TrainerProvenance provenance;
        synchronized (this) {
            if (invocationCount != INCREMENT_INVOCATION_COUNT) {
                invocations = invocationCount;
            }
            provenance = getProvenance();
            invocations++;
        }
        ImmutableOutputInfo<Label> outputs = examples.getOutputIDInfo();
        CompactForest forest = examples instanceof ShipmentDataset shipments
                ? grow(shape(), shipments.columns(), shipments.labelIds(), outputs.size(), recencyWeights(shipments.ageDays()),
                        sample -> { })
                : grow(shape(), anyDataset(examples), outputs);
        ModelProvenance modelProvenance = new ModelProvenance(HistogramForestModel.class.getName(), OffsetDateTime.now(),
                examples.getProvenance(), provenance, runProvenance);
        return new HistogramForestModel("histogram-forest", modelProvenance, examples.getFeatureIDMap(), outputs, forest);
    }

    /** Grows the forest on feature columns and a label id per row: the work of a training, without Tribuo's part. */
    static CompactForest grow(ForestShape shape, FeatureColumns columns, int[] labels, int labelCount) {
        return grow(shape, columns, labels, labelCount, null, sample -> { });
    }

    /** How often each row is drawn into a bootstrap sample, by its age; null when the shape draws all alike. */
    private double[] recencyWeights(double[] ageDays) {
        if (recencyHalfLifeDays <= 0) {
            return null;
        }
        double[] weights = new double[ageDays.length];
        for (int row = 0; row < weights.length; row++) {
            weights[row] = Math.pow(0.5, ageDays[row] / recencyHalfLifeDays);
        }
        return weights;
    }

    /**
     * @param weights how often each row is drawn into a bootstrap sample, relatively (null: all alike)
     * @param samples receives each tree's bootstrap sample, tree after tree
     */
    static CompactForest grow(ForestShape shape, FeatureColumns columns, int[] labels, int labelCount, double[] weights,
                              java.util.function.Consumer<int[]> samples) {
        BinnedFeatures binned = BinnedFeatures.of(columns, shape.maxBins());
        TreeGrower grower = new TreeGrower(binned, labels, labelCount, shape, weights);
        SplittableRandom random = new SplittableRandom(shape.seed());
        CompactForest.Builder forest = new CompactForest.Builder(labelCount);
        for (int t = shape.treesFor(labels.length); t > 0; t--) {
            forest.startTree();
            samples.accept(grower.grow(random.split(), forest));
        }
        return forest.build(columns);
    }

    private static CompactForest grow(ForestShape shape, List<Example<Label>> examples, ImmutableOutputInfo<Label> outputs) {
        List<String[]> names = new ArrayList<>(examples.size());
        List<double[]> values = new ArrayList<>(examples.size());
        int[] labels = new int[examples.size()];
        for (int row = 0; row < labels.length; row++) {
            Example<Label> example = examples.get(row);
            labels[row] = outputs.getID(example.getOutput());
            if (labels[row] < 0) {
                throw new IllegalArgumentException("example " + row + " has the unknown label " + example.getOutput());
            }
            String[] rowNames = new String[example.size()];
            double[] rowValues = new double[example.size()];
            int i = 0;
            for (Feature feature : example) {
                rowNames[i] = feature.getName();
                rowValues[i++] = feature.getValue();
            }
            names.add(rowNames);
            values.add(rowValues);
        }
        return grow(shape, FeatureColumns.of(FeatureRows.of(names, values)), labels, outputs.size());
    }

    private static List<Example<Label>> anyDataset(Dataset<Label> examples) {
        List<Example<Label>> all = new ArrayList<>(examples.size());
        examples.forEach(all::add);
        return all;
    }

    @Override
    public synchronized int getInvocationCount() {
        return invocations;
    }

    @Override
    public synchronized void setInvocationCount(int invocationCount) {
        if (invocationCount < 0) {
            throw new IllegalArgumentException("the invocation count must be >= 0, got " + invocationCount);
        }
        invocations = invocationCount;
    }

    @Override
    public TrainerProvenance getProvenance() {
        return new TrainerProvenanceImpl(this);
    }

    @Override
    public String toString() {
        return shape().describe();
    }
}
