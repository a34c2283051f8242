package dev.autoship.benchmarks.inference;

import dev.autoship.predictor.model.ShipmentModel;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The model's trip to and from the shared cache's bytes (format m2 through the predictor's
 * ModelCodec, which also checks customer and feature set on the way in), and one training.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ModelBytesBenchmark {

    @Benchmark
    public byte[] serialize(TrainedModel trained) {
        return trained.codec.encode(trained.model);
    }

    @Benchmark
    public Optional<ShipmentModel> deserialize(TrainedModel trained) {
        return trained.codec.decode(TrainedModel.CUSTOMER, trained.serialized);
    }

    @Benchmark
    public ShipmentModel train(TrainedModel trained, TrainingHistory history) {
        return trained.trainer.train(TrainedModel.CUSTOMER, history.shipments);
    }
}
