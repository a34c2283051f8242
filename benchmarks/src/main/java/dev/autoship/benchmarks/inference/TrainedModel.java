package dev.autoship.benchmarks.inference;

import dev.autoship.benchmarks.history.GeneratedCustomers;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.model.ForestShape;
import dev.autoship.predictor.model.ModelCodec;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.model.ShipmentModelTrainer;
import dev.autoship.predictor.order.Order;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A customer's model trained on a history of {@code shipments}, and fresh orders: {@code standard} is
 * the predictor's own trainer; {@code single-tree} one CART tree of the same depth on the same
 * features, to measure in the same run what the ensemble costs.
 */
@State(Scope.Benchmark)
public class TrainedModel {
    static final String CUSTOMER = GeneratedCustomers.customerId(1);
    static final int ORDERS = 1024;
    private static final int SINGLE_TREE_DEPTH = 10;

    @Param({"100", "1000", "5000"})
    public int shipments;

    @Param({"standard", "single-tree"})
    public String trainerKind;

    GeneratedCustomers customers;
    ShipmentModelTrainer trainer;
    ModelCodec codec;
    ShipmentModel model;
    byte[] serialized;
    Order[] orders;
    Instant now;

    @Setup
    public void train() {
        customers = new GeneratedCustomers(Instant.now());
        trainer = switch (trainerKind) {
            case "standard" -> ShipmentModelTrainer.standard(Clock.systemUTC());
            case "single-tree" -> new ShipmentModelTrainer(new ForestShape(1, SINGLE_TREE_DEPTH, 1f,
                    ShipmentModelTrainer.standardShape().maxBins(), 0, 1L), ShipmentModelTrainer.standardFeatures(),
                    Clock.systemUTC());
            default -> throw new IllegalArgumentException("trainerKind is standard or single-tree, got " + trainerKind);
        };
        codec = new ModelCodec(trainer.features());
        model = trainer.train(CUSTOMER, customers.history(CUSTOMER, shipments));
        serialized = codec.encode(model);
        orders = customers.freshOrders(CUSTOMER, shipments, ORDERS).toArray(Order[]::new);
        now = Instant.now();
        System.out.printf("%n%s, %d shipments: model of %d bytes, trainer %s%n", trainerKind, shipments, serialized.length,
                model.trainer());
    }

    List<Shipment> history() {
        return customers.history(CUSTOMER, shipments);
    }
}
