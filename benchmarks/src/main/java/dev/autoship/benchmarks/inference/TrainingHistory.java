package dev.autoship.benchmarks.inference;

import dev.autoship.predictor.history.Shipment;
import java.util.List;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The history {@link TrainedModel} was trained on, ready to train again. */
@State(Scope.Benchmark)
public class TrainingHistory {
    List<Shipment> shipments;

    @Setup
    public void load(TrainedModel trained) {
        shipments = trained.history();
    }
}
