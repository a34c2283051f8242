package dev.autoship.predictor.model;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import dev.autoship.predictor.history.Shipment;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Trains a customer's {@link ShipmentModel} from its shipment history. */
public final class ShipmentModelTrainer {

    static final String CUSTOMER_KEY = "autoship.customerId";
    static final String TRAINED_AT_KEY = "autoship.trainedAt";
    static final String FEATURES_KEY = "autoship.features";

    private final Trainer<Label> trainer;
    private final OrderFeatures features;
    private final Clock clock;

    public ShipmentModelTrainer(Trainer<Label> trainer, OrderFeatures features, Clock clock) {
        this.trainer = trainer;
        this.features = features;
        this.clock = clock;
    }

    /** The trainer and features chosen by the measurements in predictor/README.md. */
    public static ShipmentModelTrainer standard(Clock clock) {
        return new ShipmentModelTrainer(standardTrainer(), standardFeatures(), clock);
    }

    public static Trainer<Label> standardTrainer() {
        // measured best on held-out data (README): the trees' vote share is also a well-calibrated confidence
        return new RandomForestTrainer<>(new CARTClassificationTrainer(10, 0.5f, 1L), new VotingCombiner(), 30, 1L);
    }

    public static OrderFeatures standardFeatures() {
        return new OrderFeatures(true);
    }

    public OrderFeatures features() {
        return features;
    }

    /** @param shipments the training history; must not be empty */
    public ShipmentModel train(String customerId, List<Shipment> shipments) {
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("shipment history of " + customerId, labels), labels);
        for (Shipment shipment : shipments) {
            Label label = new Label(ShipmentModel.labelOf(shipment.shipment()));
            dataset.add(features.example(shipment.order(), shipment.shippedAt(), label));
        }
        Instant trainedAt = clock.instant();
        Map<String, Provenance> run = Map.of(
                CUSTOMER_KEY, new StringProvenance(CUSTOMER_KEY, customerId),
                TRAINED_AT_KEY, new DateTimeProvenance(TRAINED_AT_KEY, trainedAt.atOffset(ZoneOffset.UTC)),
                FEATURES_KEY, new StringProvenance(FEATURES_KEY, features.signature()));
        Model<Label> model = trainer.train(dataset, run);
        return new ShipmentModel(customerId, model, features, trainedAt, shipments.size());
    }
}
