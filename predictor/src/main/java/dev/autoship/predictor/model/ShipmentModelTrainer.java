package dev.autoship.predictor.model;

import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.history.ShipmentChoice;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a customer's {@link ShipmentModel} from its shipment history: a random forest grown on binned
 * features ({@link BinnedFeatures}, {@link TreeGrower}) straight into its {@link CompactForest} form.
 */
public final class ShipmentModelTrainer {

    private final ForestShape shape;
    private final OrderFeatures features;
    private final Clock clock;

    public ShipmentModelTrainer(ForestShape shape, OrderFeatures features, Clock clock) {
        this.shape = shape;
        this.features = features;
        this.clock = clock;
    }

    /** The trainer and features chosen by the measurements in predictor/README.md. */
    public static ShipmentModelTrainer standard(Clock clock) {
        return new ShipmentModelTrainer(standardShape(), standardFeatures(), clock);
    }

    public static ForestShape standardShape() {
        return new ForestShape(30, 10, 0.5f, 64, 500, 1L);
    }

    public static OrderFeatures standardFeatures() {
        return new OrderFeatures(true);
    }

    public OrderFeatures features() {
        return features;
    }

    /** @param shipments the training history; must not be empty */
    public ShipmentModel train(String customerId, List<Shipment> shipments) {
        Instant trainedAt = clock.instant();
        ShipmentChoice[] choices = shipments.stream().map(Shipment::shipment).distinct()
                .sorted(Comparator.comparing(ShipmentModel::labelOf))
                .toArray(ShipmentChoice[]::new);
        Map<ShipmentChoice, Integer> labelIds = new HashMap<>();
        for (int id = 0; id < choices.length; id++) {
            labelIds.put(choices[id], id);
        }
        int[] labels = new int[shipments.size()];
        for (int row = 0; row < labels.length; row++) {
            labels[row] = labelIds.get(shipments.get(row).shipment());
        }
        BinnedFeatures binned = BinnedFeatures.of(FeatureRows.of(features, shipments), shape.maxBins());
        TreeGrower grower = new TreeGrower(binned, labels, choices.length, shape);
        SplittableRandom random = new SplittableRandom(shape.seed());
        CompactForest.Builder forest = new CompactForest.Builder(choices.length);
        for (int t = 0; t < shape.trees(); t++) {
            forest.startTree();
            grower.grow(random.split(), forest);
        }
        return new ShipmentModel(customerId, forest.build(), choices, shape.describe(), features, trainedAt,
                shipments.size());
    }
}
