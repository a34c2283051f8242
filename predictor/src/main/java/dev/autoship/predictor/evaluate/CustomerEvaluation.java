package dev.autoship.predictor.evaluate;

import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.model.AutoShipRule;
import dev.autoship.predictor.model.HistoryProvenance;
import dev.autoship.predictor.model.ModelCodec;
import dev.autoship.predictor.model.ModelValidation;
import dev.autoship.predictor.model.OrderFeatures;
import dev.autoship.predictor.model.ShipmentDataset;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.model.ShipmentModelTrainer;
import dev.autoship.predictor.model.ShipmentPrediction;
import dev.autoship.predictor.model.TimeSplitValidation;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.evaluation.LabelEvaluator;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One customer's history split in time as the predictor would have lived it: the newest {@link #LATER_SHARE} are the
 * later orders; a trainer is validated and trained on the rest exactly as the predictor does (time-split validation,
 * then the whole rest), and its answers to the later orders are scored.
 */
final class CustomerEvaluation {

    static final double LATER_SHARE = 0.2;

    private final ShipmentModelTrainer forest;
    private final ModelCodec codec;
    private final OrderFeatures features;
    private final String source;
    private final TimeSplitValidation validation = new TimeSplitValidation();
    private final LabelEvaluator evaluator = new LabelEvaluator();

    CustomerEvaluation(ShipmentModelTrainer forest, AutoShipRule rule, String source) {
        this.forest = forest;
        this.codec = new ModelCodec(forest.features(), rule);
        this.features = forest.features();
        this.source = source;
    }

    /** How many of a window's shipments, newest first, are later orders. */
    static int laterOrders(int window) {
        return (int) Math.round(window * LATER_SHARE);
    }

    /** @param window the customer's shipments in the window, newest first */
    void score(String customerId, List<Shipment> window, EvaluatedTrainer trainer, TrainerScore score) {
        int later = laterOrders(window.size());
        if (trainer == EvaluatedTrainer.FOREST) {
            scoreForest(customerId, window, later, score);
        } else {
            scoreTribuo(customerId, window, later, trainer.trainer(), score);
        }
    }

    private void scoreForest(String customerId, List<Shipment> window, int later, TrainerScore score) {
        long started = System.nanoTime();
        ShipmentModel model = forest.train(customerId, window.subList(later, window.size()));
        score.customer(System.nanoTime() - started, codec.encode(model).length, model.validation(),
                TimeSplitValidation.pooled(model.examples()));
        for (Shipment shipment : window.subList(0, later)) {
            ShipmentPrediction prediction = model.predict(shipment.order(), shipment.shippedAt());
            score.answer(prediction.confidence(), prediction.shipment().equals(shipment.shipment()),
                    !model.restsOnAbsentValue(shipment.order(), shipment.shippedAt()));
        }
    }

    private void scoreTribuo(String customerId, List<Shipment> window, int later, Trainer<Label> trainer, TrainerScore score) {
        Instant newest = window.getFirst().shippedAt();
        ShipmentDataset all = ShipmentDataset.of(features, window,
                new HistoryProvenance(source, customerId, window.getLast().shippedAt(), newest, window.size()));
        ShipmentDataset.Split split = all.splitAt(later, all.getSourceProvenance(), all.getSourceProvenance());
        ShipmentDataset laterOrders = split.newest();
        ShipmentDataset known = split.older();
        long started = System.nanoTime();
        Optional<ModelValidation> validated = validation.validate(known, trainer);
        Model<Label> model = trainer.train(known);
        long took = System.nanoTime() - started;
        score.customer(took, model.serialize().toByteArray().length, validated, TimeSplitValidation.pooled(known.size()));
        for (Prediction<Label> prediction : evaluator.evaluate(model, laterOrders).getPredictions()) {
            score.answer(prediction.getOutput().getScore(),
                    prediction.getOutput().getLabel().equals(prediction.getExample().getOutput().getLabel()), true);
        }
    }
}
