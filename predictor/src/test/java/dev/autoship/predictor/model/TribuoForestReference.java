package dev.autoship.predictor.model;

import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.order.Order;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The forest the predictor trained before training was made fast (Tribuo's random forest of 30 CART trees,
 * depth 10, half the features per split, full bootstrap, raw feature values), kept as the reference
 * {@link ModelEvaluation} compares the shipped trainer with. Its stored form was Tribuo's protobuf.
 */
final class TribuoForestReference {

    record Answer(String label, double confidence) {
    }

    static {
        // Tribuo's bagging logs every tree at INFO
        java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
    }

    private final Model<Label> model;
    private final OrderFeatures features;

    private TribuoForestReference(Model<Label> model, OrderFeatures features) {
        this.model = model;
        this.features = features;
    }

    /**
     * The trainer as the predictor held it: one instance for every customer, so each training continues its
     * random stream (a fresh instance per customer would give every customer the same feature draws).
     */
    static RandomForestTrainer<Label> trainer() {
        return new RandomForestTrainer<>(new CARTClassificationTrainer(10, 0.5f, 1L), new VotingCombiner(), 30, 1L);
    }

    static TribuoForestReference train(RandomForestTrainer<Label> trainer, OrderFeatures features, List<Shipment> shipments) {
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("history", labels), labels);
        for (Shipment shipment : shipments) {
            dataset.add(example(features, shipment.order(), shipment.shippedAt(),
                    new Label(ShipmentModel.labelOf(shipment.shipment()))));
        }
        return new TribuoForestReference(trainer.train(dataset), features);
    }

    Answer predict(Order order, Instant now) {
        Prediction<Label> prediction = model.predict(example(features, order, now, LabelFactory.UNKNOWN_LABEL));
        return new Answer(prediction.getOutput().getLabel(), prediction.getOutput().getScore());
    }

    /** The order's features as a Tribuo example (the same features the predictor's own forest uses). */
    static Example<Label> example(OrderFeatures features, Order order, Instant shippedAt, Label label) {
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        features.extract(order, shippedAt, (name, value) -> {
            names.add(name);
            values.add(value);
        });
        return new ArrayExample<>(label, names.toArray(String[]::new), values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The bytes format m1 stored: Tribuo's protobuf. */
    byte[] serialized() {
        return model.serialize().toByteArray();
    }
}
