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

/** One customer's trained classifier with what is known about its training. */
public final class ShipmentModel {

    static final int MAX_ALTERNATIVES = 3;
    private static final String SEPARATOR = "\u001f";

    private final String customerId;
    private final Model<Label> model;
    private final OrderFeatures features;
    private final Instant trainedAt;
    private final String trainedAtText;
    private final int examples;
    private final Map<String, ShipmentChoice> choices;

    ShipmentModel(String customerId, Model<Label> model, OrderFeatures features, Instant trainedAt, int examples) {
        this.customerId = customerId;
        this.model = model;
        this.features = features;
        this.trainedAt = trainedAt;
        this.trainedAtText = trainedAt.toString();
        this.examples = examples;
        Map<String, ShipmentChoice> byLabel = new HashMap<>();
        for (Label label : model.getOutputIDInfo().getDomain()) {
            byLabel.put(label.getLabel(), choiceOf(label.getLabel()));
        }
        this.choices = Map.copyOf(byLabel);
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
        return model.getProvenance().getTrainerProvenance().getClassName();
    }

    Model<Label> tribuoModel() {
        return model;
    }
}
