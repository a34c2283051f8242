package dev.autoship.predictor.model;

import dev.autoship.predictor.history.ShipmentChoice;
import dev.autoship.predictor.order.Order;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One customer's trained classifier with what is known about its training. A forest is answered from its
 * {@link CompactForest} form; {@link #compact()} drops the Tribuo model behind it, which a model held in
 * memory only needs again to be stored (done once, right after training or loading).
 */
public final class ShipmentModel {

    static final int MAX_ALTERNATIVES = 3;
    private static final String SEPARATOR = "\u001f";

    private final String customerId;
    private final Model<Label> model;
    private final CompactForest forest;
    private final String trainer;
    private final ShipmentChoice[] choicesById;
    private final OrderFeatures features;
    private final Instant trainedAt;
    private final String trainedAtText;
    private final int examples;
    private final Map<String, ShipmentChoice> choices;

    ShipmentModel(String customerId, Model<Label> model, OrderFeatures features, Instant trainedAt, int examples) {
        this(customerId, model, CompactForest.of(model).orElse(null), model.getProvenance().getTrainerProvenance()
                .getClassName(), features, trainedAt, examples, choices(model), null);
    }

    private ShipmentModel(String customerId, Model<Label> model, CompactForest forest, String trainer,
                          OrderFeatures features, Instant trainedAt, int examples, Map<String, ShipmentChoice> choices,
                          ShipmentChoice[] choicesById) {
        this.customerId = customerId;
        this.model = model;
        this.forest = forest;
        this.trainer = trainer;
        this.features = features;
        this.trainedAt = trainedAt;
        this.trainedAtText = trainedAt.toString();
        this.examples = examples;
        this.choices = choices;
        this.choicesById = forest == null || choicesById != null ? choicesById : choicesById(model, choices);
    }

    private static Map<String, ShipmentChoice> choices(Model<Label> model) {
        Map<String, ShipmentChoice> byLabel = new HashMap<>();
        for (Label label : model.getOutputIDInfo().getDomain()) {
            byLabel.put(label.getLabel(), choiceOf(label.getLabel()));
        }
        return Map.copyOf(byLabel);
    }

    private static ShipmentChoice[] choicesById(Model<Label> model, Map<String, ShipmentChoice> choices) {
        ShipmentChoice[] byId = new ShipmentChoice[model.getOutputIDInfo().size()];
        // ids are 0..size-1 in the order Tribuo's VotingCombiner lists its scores
        for (int id = 0; id < byId.length; id++) {
            byId[id] = choices.get(model.getOutputIDInfo().getOutput(id).getLabel());
        }
        return byId;
    }

    /**
     * This model without its Tribuo form when it is answered from its compact form (which answers the same):
     * what memory should hold. It can no longer be {@linkplain ModelCodec#encode encoded}.
     */
    public ShipmentModel compact() {
        if (forest == null || model == null) {
            return this;
        }
        return new ShipmentModel(customerId, null, forest, trainer, features, trainedAt, examples, choices, choicesById);
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

    /**
     * @param now the moment of the prediction (the policy in force now applies)
     * @throws UnpredictableOrderException when the order has no feature the model knows
     */
    public ShipmentPrediction predict(Order order, Instant now) {
        if (forest != null) {
            return fromVoteShares(forest.voteShares(features, order, now));
        }
        return predictWithTribuo(order, now);
    }

    /** Tribuo's own prediction: for models without a compact form, and the reference the compact form must match. */
    ShipmentPrediction predictWithTribuo(Order order, Instant now) {
        Prediction<Label> prediction;
        try {
            prediction = model.predict(features.example(order, now, LabelFactory.UNKNOWN_LABEL));
        } catch (IllegalArgumentException e) {
            throw new UnpredictableOrderException("order " + order.orderId() + " shares no feature with the model of customer "
                    + customerId);
        }
        Label best = prediction.getOutput();
        List<ShipmentPrediction.Alternative> alternatives = new ArrayList<>(MAX_ALTERNATIVES);
        Map<String, Label> scores = prediction.getOutputScores();
        // a few linear passes beat sorting the whole score map on the hot path
        for (int i = 0; i < MAX_ALTERNATIVES; i++) {
            Label next = null;
            for (Label candidate : scores.values()) {
                if (candidate.getScore() > 0 && !candidate.getLabel().equals(best.getLabel())
                        && !contains(alternatives, candidate) && (next == null || candidate.getScore() > next.getScore())) {
                    next = candidate;
                }
            }
            if (next == null) {
                break;
            }
            alternatives.add(new ShipmentPrediction.Alternative(choices.get(next.getLabel()), clamp(next.getScore())));
        }
        return new ShipmentPrediction(choices.get(best.getLabel()), clamp(best.getScore()), List.copyOf(alternatives));
    }

    /** Picks answer and alternatives from the shares exactly as from Tribuo's score map (ties: lowest id). */
    private ShipmentPrediction fromVoteShares(double[] shares) {
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
        return new ShipmentPrediction(choicesById[best], clamp(bestShare), List.copyOf(alternatives));
    }

    private static boolean taken(int[] taken, int count, int id) {
        for (int i = 0; i < count; i++) {
            if (taken[i] == id) {
                return true;
            }
        }
        return false;
    }

    private boolean contains(List<ShipmentPrediction.Alternative> alternatives, Label label) {
        ShipmentChoice choice = choices.get(label.getLabel());
        for (ShipmentPrediction.Alternative alternative : alternatives) {
            if (alternative.shipment().equals(choice)) {
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
        return choices.values().stream()
                .sorted((a, b) -> labelOf(a).compareTo(labelOf(b)))
                .toList();
    }

    public String trainer() {
        return trainer;
    }

    /** @throws IllegalStateException for a {@linkplain #compact() compacted} model */
    Model<Label> tribuoModel() {
        if (model == null) {
            throw new IllegalStateException("the model of customer " + customerId
                    + " was compacted for memory; encode the model as trained or loaded");
        }
        return model;
    }
}
