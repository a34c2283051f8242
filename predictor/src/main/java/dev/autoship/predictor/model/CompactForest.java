package dev.autoship.predictor.model;

import dev.autoship.predictor.order.Order;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.ensemble.BaggingTrainer;
import org.tribuo.ensemble.WeightedEnsembleModel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Tribuo voting forest of CART trees flattened into a few arrays, answering exactly as the Tribuo model
 * does (same splits, same tie-breaking, the same vote shares to the last bit) at a fraction of its cost:
 * Tribuo builds a sparse vector, a {@code Prediction} and a score map per tree on every call, and holds a
 * feature map, provenance and label maps per tree (measured in the README's Performance section).
 * Nodes of all trees sit in pre-order, so a split's "less or equal" child is the next node.
 */
final class CompactForest {

    private final Map<String, Integer> slots;
    private final int[] roots;
    /** {@code >= 0}: a split on that feature slot; {@code < 0}: a leaf voting for label {@code ~value}. */
    private final int[] feature;
    private final double[] threshold;
    private final int[] greater;
    private final float[] weights;
    private final int labels;

    private CompactForest(Map<String, Integer> slots, int[] roots, int[] feature, double[] threshold, int[] greater,
                          float[] weights, int labels) {
        this.slots = slots;
        this.roots = roots;
        this.feature = feature;
        this.threshold = threshold;
        this.greater = greater;
        this.weights = weights;
        this.labels = labels;
    }

    /**
     * The flattened form of {@code model}, or empty when it is not a forest this class answers for exactly
     * (then Tribuo's own {@code predict} is used): a voting ensemble of CART trees whose every tree knows
     * the always-present bias feature, so an order can never share no feature with a tree.
     */
    static Optional<CompactForest> of(Model<Label> model) {
        if (!(model instanceof WeightedEnsembleModel<Label> ensemble)) {
            return Optional.empty();
        }
        if (!isUniformVotingBag(ensemble)) {
            return Optional.empty();
        }
        ImmutableOutputInfo<Label> outputs = ensemble.getOutputIDInfo();
        List<Model<Label>> trees = ensemble.getModels();
        if (ensemble.getFeatureIDMap().get(OrderFeatures.BIAS) == null) {
            return Optional.empty();
        }
        Map<String, Integer> slots = new HashMap<>();
        Nodes nodes = new Nodes();
        int[] roots = new int[trees.size()];
        for (int t = 0; t < trees.size(); t++) {
            if (!(trees.get(t) instanceof TreeModel<Label> tree) || tree.getFeatureIDMap().get(OrderFeatures.BIAS) == null) {
                return Optional.empty();
            }
            roots[t] = nodes.size();
            if (!nodes.addTree(tree, outputs, slots)) {
                return Optional.empty();
            }
        }
        return Optional.of(new CompactForest(Map.copyOf(slots), roots, nodes.feature(), nodes.threshold(),
                nodes.greater(), uniformWeights(trees.size()), outputs.size()));
    }

    /**
     * Each label's share of the trees' votes, indexed by the model's output ids (the order Tribuo's
     * {@code VotingCombiner} reports them in).
     */
    double[] voteShares(OrderFeatures features, Order order, Instant now) {
        double[] values = new double[slots.size()];
        features.extract(order, now, (name, value) -> {
            Integer slot = slots.get(name);
            if (slot != null) {
                values[slot] = value;
            }
        });
        double[] votes = new double[labels];
        double sum = 0;
        for (int t = 0; t < roots.length; t++) {
            int node = roots[t];
            while (feature[node] >= 0) {
                node = values[feature[node]] > threshold[node] ? greater[node] : node + 1;
            }
            votes[~feature[node]] += weights[t];
            sum += weights[t];
        }
        for (int i = 0; i < votes.length; i++) {
            votes[i] /= sum;
        }
        return votes;
    }

    /**
     * Tribuo's bagging trainers (random forests included) build their ensemble with weight 1 for every
     * member and the combiner they were configured with, which their provenance records; the provenance
     * travels with the model, so this holds for trained and deserialized forests alike.
     */
    private static boolean isUniformVotingBag(WeightedEnsembleModel<Label> ensemble) {
        var trainer = ensemble.getProvenance().getTrainerProvenance();
        boolean bagging = trainer.getClassName().equals(RandomForestTrainer.class.getName())
                || trainer.getClassName().equals(BaggingTrainer.class.getName());
        Provenance combiner = trainer.getConfiguredParameters().get("combiner");
        return bagging && combiner instanceof ObjectProvenance object
                && object.getClassName().equals(VotingCombiner.class.getName());
    }

    private static float[] uniformWeights(int members) {
        float[] weights = new float[members];
        Arrays.fill(weights, 1.0f);
        return weights;
    }

    private static final class Nodes {
        private final List<Integer> feature = new ArrayList<>();
        private final List<Double> threshold = new ArrayList<>();
        private final List<Integer> greater = new ArrayList<>();

        int size() {
            return feature.size();
        }

        /** Appends the tree in pre-order; false when a leaf votes for a label the ensemble does not know. */
        boolean addTree(TreeModel<Label> tree, ImmutableOutputInfo<Label> outputs, Map<String, Integer> slots) {
            List<Node<Label>> stack = new ArrayList<>();
            List<Integer> parents = new ArrayList<>();
            stack.add(tree.getRoot());
            parents.add(-1);
            while (!stack.isEmpty()) {
                Node<Label> node = stack.removeLast();
                int parent = parents.removeLast();
                int index = size();
                if (parent >= 0) {
                    greater.set(parent, index);
                }
                if (node instanceof SplitNode<Label> split) {
                    String name = tree.getFeatureIDMap().get(split.getFeatureID()).getName();
                    feature.add(slots.computeIfAbsent(name, n -> slots.size()));
                    threshold.add(split.splitValue());
                    greater.add(-1);
                    // visit "less or equal" first (it is the next node), then "greater" (its index is patched in)
                    stack.add(split.getGreaterThan());
                    parents.add(index);
                    stack.add(split.getLessThanOrEqual());
                    parents.add(-1);
                } else if (node instanceof LeafNode<Label> leaf) {
                    int label = outputs.getID(leaf.getOutput());
                    if (label < 0) {
                        return false;
                    }
                    feature.add(~label);
                    threshold.add(0.0);
                    greater.add(-1);
                } else {
                    return false;
                }
            }
            return true;
        }

        int[] feature() {
            return feature.stream().mapToInt(Integer::intValue).toArray();
        }

        double[] threshold() {
            return threshold.stream().mapToDouble(Double::doubleValue).toArray();
        }

        int[] greater() {
            return greater.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
