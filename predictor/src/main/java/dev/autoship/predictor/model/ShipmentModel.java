package dev.autoship.predictor.model;

import dev.autoship.predictor.history.ShipmentChoice;
import dev.autoship.predictor.order.Order;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One customer's trained classifier (a {@link CompactForest}) with what is known about its training: the essentials
 * of its Tribuo provenance, its validation and the auto-ship threshold derived from it. It holds no Tribuo objects:
 * the same compact form is trained, held in memory and stored.
 */
public final class ShipmentModel {

    static final int MAX_ALTERNATIVES = 3;
    private static final String SEPARATOR = "\u001f";

    private final String customerId;
    private final CompactForest forest;
    private final TrainingProvenance provenance;
    private final ShipmentChoice[] choicesById;
    private final OrderFeatures features;
    private final Instant trainedAt;
    private final String trainedAtText;
    private final int examples;
    private final Optional<ModelValidation> validation;
    private final AutoShipPolicy autoShip;
    /** The threshold on the model's own validation alone. */
    private final OptionalDouble ownThreshold;
    /** The threshold derived from the pool's latest snapshot (re-derived once the pool changes). */
    private volatile AutoShipThreshold threshold;

    /**
     * A threshold and the pool snapshot it was derived from; {@code from} is the threshold, or above any confidence
     * when there is none.
     */
    private record AutoShipThreshold(List<ConfidenceTally> pooled, OptionalDouble value, double from) {
        static AutoShipThreshold of(List<ConfidenceTally> pooled, OptionalDouble value) {
            return new AutoShipThreshold(pooled, value, value.orElse(Double.POSITIVE_INFINITY));
        }
    }

    /**
     * @param choicesById the shipment choice of each label id of the forest
     * @param autoShip    turns the validation (and the pool of the models held beside it) into the auto-ship threshold
     */
    ShipmentModel(String customerId, CompactForest forest, ShipmentChoice[] choicesById, TrainingProvenance provenance,
                  OrderFeatures features, Instant trainedAt, int examples, Optional<ModelValidation> validation,
                  AutoShipPolicy autoShip) {
        this.customerId = customerId;
        this.forest = forest;
        this.provenance = provenance;
        this.choicesById = choicesById;
        this.features = features;
        this.trainedAt = trainedAt;
        this.trainedAtText = trainedAt.toString();
        this.examples = examples;
        this.validation = validation;
        this.autoShip = autoShip;
        this.ownThreshold = validation.map(v -> autoShip.rule().threshold(v.tallies())).orElse(OptionalDouble.empty());
        this.threshold = AutoShipThreshold.of(null, ownThreshold);
    }

    static String labelOf(ShipmentChoice choice) {
        return choice.carrier() + SEPARATOR + choice.service() + SEPARATOR + choice.packaging();
    }

    static ShipmentChoice choiceOf(String label) {
        String[] parts = label.split(SEPARATOR, -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a shipment label: " + label);
        }
        return new ShipmentChoice(parts[0], parts[1], parts[2]);
    }

    /** @param now the moment of the prediction (the policy in force now applies) */
    public ShipmentPrediction predict(Order order, Instant now) {
        CompactForest.Votes votes = forest.votes(features, order, now);
        return fromVoteShares(votes.shares(), votes.filledIn());
    }

    /**
     * Whether the answer to {@code order} rests on a value it did not give (a quantity or category counted as the
     * history's usual one): such an answer is never auto-shipped, whatever its confidence.
     */
    public boolean restsOnAbsentValue(Order order, Instant now) {
        return forest.votes(features, order, now).filledIn();
    }

    /**
     * Picks the answer and the next most likely alternatives from the vote shares (ties: lowest id). An answer that
     * rests on a value the order did not give is never auto-shipped: the validation measured orders that had it.
     */
    private ShipmentPrediction fromVoteShares(double[] shares, boolean filledIn) {
        int best = -1;
        double bestShare = Double.NEGATIVE_INFINITY;
        for (int id = 0; id < shares.length; id++) {
            if (shares[id] > bestShare) {
                bestShare = shares[id];
                best = id;
            }
        }
        List<ShipmentPrediction.Alternative> alternatives = new ArrayList<>(MAX_ALTERNATIVES);
        int[] taken = new int[MAX_ALTERNATIVES];
        for (int i = 0; i < MAX_ALTERNATIVES; i++) {
            int next = -1;
            for (int id = 0; id < shares.length; id++) {
                if (shares[id] > 0 && id != best && !taken(taken, i, id) && (next < 0 || shares[id] > shares[next])) {
                    next = id;
                }
            }
            if (next < 0) {
                break;
            }
            taken[i] = next;
            alternatives.add(new ShipmentPrediction.Alternative(choicesById[next], clamp(shares[next])));
        }
        double confidence = clamp(bestShare);
        return new ShipmentPrediction(choicesById[best], confidence, !filledIn && confidence >= threshold().from(),
                List.copyOf(alternatives));
    }

    private static boolean taken(int[] taken, int count, int id) {
        for (int i = 0; i < count; i++) {
            if (taken[i] == id) {
                return true;
            }
        }
        return false;
    }

    private static double clamp(double score) {
        return Math.max(0, Math.min(1, score));
    }

    public String customerId() {
        return customerId;
    }

    public Instant trainedAt() {
        return trainedAt;
    }

    /** {@link #trainedAt()} in ISO-8601, formatted once rather than on every answer. */
    public String trainedAtText() {
        return trainedAtText;
    }

    public int examples() {
        return examples;
    }

    /** Every shipment choice the model can answer with (the combinations the customer used). */
    public List<ShipmentChoice> choices() {
        return Arrays.stream(choicesById).sorted(Comparator.comparing(ShipmentModel::labelOf)).toList();
    }

    /** The trainer and its configuration in one line ({@code HistogramForestTrainer(featureFraction=0.5, ...)}). */
    public String trainer() {
        String className = provenance.trainer();
        return className.substring(className.lastIndexOf('.') + 1) + provenance.sortedConfiguration().toString()
                .replace('{', '(').replace('}', ')');
    }

    public TrainingProvenance provenance() {
        return provenance;
    }

    /** How right the model was on the newest part of its window before it served; empty when too little to tell. */
    public Optional<ModelValidation> validation() {
        return validation;
    }

    /** The target precision the auto-ship threshold was derived for. */
    public double autoShipTarget() {
        return autoShip.rule().targetPrecision();
    }

    /** The lowest confidence at which this model's answers auto-ship now; empty: none does. */
    public OptionalDouble autoShipThreshold() {
        return threshold().value();
    }

    /**
     * Whether {@link #autoShipThreshold()} rests on the model's own validation alone; false when it rests on the
     * validations pooled over the models held beside it (or when there is none).
     */
    public boolean autoShipOnOwnEvidence() {
        OptionalDouble now = autoShipThreshold();
        return now.isPresent() && now.equals(ownThreshold);
    }

    private AutoShipThreshold threshold() {
        AutoShipThreshold current = threshold;
        if (validation.isEmpty()) {
            return current;
        }
        List<ConfidenceTally> pooled = autoShip.pool().tallies();
        if (current.pooled() != pooled) {
            current = AutoShipThreshold.of(pooled, autoShip.rule().threshold(validation.get().tallies(), pooled));
            threshold = current;
        }
        return current;
    }

    /**
     * What each categorical field counts as where an order lacks it, by the order's field name (see
     * {@link OrderFeatures#usualValues}); fields not here stay absent.
     */
    public java.util.SortedMap<String, String> categoriesWhenAbsent() {
        return features.usualValues();
    }

    /**
     * What each quantity the trees split on counts as where an order lacks it, for those that are not 0 (the median of
     * the history's shipments that had it; see {@link FeatureColumns#valueWhenAbsent}), by feature name.
     */
    public java.util.SortedMap<String, Double> valuesWhenAbsent() {
        java.util.SortedMap<String, Double> values = new java.util.TreeMap<>();
        String[] names = forest.featureNames();
        for (int slot = 0; slot < names.length; slot++) {
            if (forest.whenAbsent(slot) != 0) {
                values.put(names[slot], forest.whenAbsent(slot));
            }
        }
        return values;
    }

    OrderFeatures features() {
        return features;
    }

    CompactForest forest() {
        return forest;
    }

    ShipmentChoice[] choicesById() {
        return choicesById;
    }
}
