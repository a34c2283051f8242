package dev.autoship.predictor.model;

import dev.autoship.predictor.order.Order;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A voting forest of decision trees as a few arrays: what inference needs and what the stored form holds.
 * Nodes of all trees sit in pre-order, so a split's "less or equal" child is the next node; each tree votes
 * with weight 1 for the label of the leaf an order reaches, and a label's confidence is its share of votes.
 * A feature an order does not have counts as 0, as in training, except a number nearly every training row had,
 * which counts as its median there ({@link FeatureColumns#valueWhenAbsent}).
 */
final class CompactForest {

    private final String[] featureNames;
    private final Map<String, Integer> slots;
    private final int[] roots;
    /** {@code >= 0}: a split on that feature slot; {@code < 0}: a leaf voting for label {@code ~value}. */
    private final int[] feature;
    private final double[] threshold;
    private final int[] greater;
    private final int labels;
    /** By feature slot: what an order that does not have the feature counts as. */
    private final double[] whenAbsent;
    /** How many slots count as something other than 0 when absent. */
    private final int valuedWhenAbsent;

    /** Callers guarantee the arrays are consistent: built by {@link Builder} or checked by the codec's decoder. */
    CompactForest(String[] featureNames, double[] whenAbsent, int[] roots, int[] feature, double[] threshold,
                  int[] greater, int labels) {
        this.featureNames = featureNames;
        this.whenAbsent = whenAbsent;
        this.valuedWhenAbsent = (int) Arrays.stream(whenAbsent).filter(value -> value != 0).count();
        Map<String, Integer> bySlot = new HashMap<>();
        for (int slot = 0; slot < featureNames.length; slot++) {
            bySlot.put(featureNames[slot], slot);
        }
        this.slots = Map.copyOf(bySlot);
        this.roots = roots;
        this.feature = feature;
        this.threshold = threshold;
        this.greater = greater;
        this.labels = labels;
    }

    /**
     * The trees' votes for an order.
     *
     * @param shares   each label's share of the votes, indexed by label id
     * @param filledIn whether the trees used a value the order did not give: a quantity it lacks that counts as the
     *                 median of the training rows, or a category it lacks that counts as the usual one
     *                 ({@link OrderFeatures#FILLED_IN})
     */
    record Votes(double[] shares, boolean filledIn) {
    }

    Votes votes(OrderFeatures features, Order order, Instant now) {
        double[] values = valuesWhenAbsent();
        // how many of the slots that have a value when absent the order gave
        int[] given = new int[1];
        features.extract(order, now, (name, value) -> {
            Integer slot = slots.get(name);
            if (slot != null) {
                values[slot] = value;
                if (whenAbsent[slot] != 0) {
                    given[0]++;
                }
            }
        });
        boolean filledIn = given[0] < valuedWhenAbsent || features.fillsIn(order, slots::containsKey);
        return new Votes(voteShares(values), filledIn);
    }

    /** What an example that has none of the features counts as, by slot: a new array for the caller to fill. */
    double[] valuesWhenAbsent() {
        return whenAbsent.clone();
    }

    /** @param values the value of every feature slot ({@link #valuesWhenAbsent} where the example does not have it) */
    double[] voteShares(double[] values) {
        double[] votes = new double[labels];
        for (int tree = 0; tree < roots.length; tree++) {
            votes[leafLabel(tree, values)] += 1;
        }
        for (int i = 0; i < votes.length; i++) {
            votes[i] /= roots.length;
        }
        return votes;
    }

    /** The label the tree votes for. */
    int leafLabel(int tree, double[] values) {
        int node = roots[tree];
        while (feature[node] >= 0) {
            node = values[feature[node]] > threshold[node] ? greater[node] : node + 1;
        }
        return ~feature[node];
    }

    /** The slot of a feature the trees split on, or -1. */
    int slot(String featureName) {
        Integer slot = slots.get(featureName);
        return slot == null ? -1 : slot;
    }

    int labels() {
        return labels;
    }

    String[] featureNames() {
        return featureNames;
    }

    double whenAbsent(int slot) {
        return whenAbsent[slot];
    }

    int[] roots() {
        return roots;
    }

    int[] feature() {
        return feature;
    }

    double[] threshold() {
        return threshold;
    }

    int nodes() {
        return feature.length;
    }

    /** Collects trees node by node in pre-order (as {@link TreeGrower} writes them). */
    static final class Builder {
        private final int labels;
        private final Map<String, Integer> slots = new HashMap<>();
        private final List<Integer> roots = new ArrayList<>();
        private int[] feature = new int[1024];
        private double[] threshold = new double[1024];
        private int[] greater = new int[1024];
        private int size;

        Builder(int labels) {
            this.labels = labels;
        }

        void startTree() {
            roots.add(size);
        }

        void leaf(int label) {
            append(~label, 0);
        }

        /** @return the split's index, for {@link #greaterIsNext} once its "less or equal" side is written */
        int split(String featureName, double atOrBelow) {
            return append(slots.computeIfAbsent(featureName, n -> slots.size()), atOrBelow);
        }

        void greaterIsNext(int split) {
            greater[split] = size;
        }

        private int append(int code, double value) {
            if (size == feature.length) {
                feature = Arrays.copyOf(feature, size * 2);
                threshold = Arrays.copyOf(threshold, size * 2);
                greater = Arrays.copyOf(greater, size * 2);
            }
            feature[size] = code;
            threshold[size] = value;
            greater[size] = -1;
            return size++;
        }

        /** @param columns the training set the trees were grown on, which says what an absent feature counts as */
        CompactForest build(FeatureColumns columns) {
            String[] names = new String[slots.size()];
            slots.forEach((name, slot) -> names[slot] = name);
            Map<String, Integer> columnOf = columns.columnsByName();
            double[] whenAbsent = new double[names.length];
            for (int slot = 0; slot < names.length; slot++) {
                whenAbsent[slot] = columns.valueWhenAbsent(columnOf.get(names[slot]));
            }
            return new CompactForest(names, whenAbsent, roots.stream().mapToInt(Integer::intValue).toArray(),
                    Arrays.copyOf(feature, size), Arrays.copyOf(threshold, size), Arrays.copyOf(greater, size), labels);
        }
    }
}
