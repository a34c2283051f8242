package dev.autoship.benchmarks.memory;

import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.model.ModelCodec;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.model.ShipmentModelTrainer;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what a model costs: live heap after a full GC with the demo customers' models held, divided by
 * the models, and the size of a model's stored bytes.
 * Run: {@code ./mvnw -q -pl benchmarks compile exec:exec@footprint}
 */
public final class ModelFootprint {

    private static final int ROUNDS = 3;

    public static void main(String[] args) {
        measure();
    }

    private static void measure() {
        DemoDataSet data = new DemoDataSet(Instant.now());
        ShipmentModelTrainer trainer = ShipmentModelTrainer.standard(Clock.systemUTC());
        ModelCodec codec = new ModelCodec(trainer.features());
        List<List<Shipment>> histories = new ArrayList<>();
        for (String customer : DemoDataSet.customerIds().subList(0, 30)) {
            histories.add(data.shipments(customer).stream().map(DemoShipment::shipment).toList());
        }
        long before = liveHeap();
        List<ShipmentModel> held = new ArrayList<>();
        long bytes = 0;
        int examples = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < histories.size(); i++) {
                ShipmentModel model = trainer.train(DemoDataSet.customerIds().get(i), histories.get(i));
                held.add(model);
                bytes += codec.encode(model).length;
                examples += model.examples();
            }
        }
        long after = liveHeap();
        System.out.printf("models held: %d, examples per model: %d, live heap per model: %.1f KiB, stored bytes per model: %.1f KiB%n",
                held.size(), examples / held.size(), (after - before) / 1024.0 / held.size(), bytes / 1024.0 / held.size());
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
