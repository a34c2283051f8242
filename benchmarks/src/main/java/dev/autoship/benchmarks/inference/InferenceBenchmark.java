package dev.autoship.benchmarks.inference;

import dev.autoship.predictor.model.ShipmentPrediction;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** One order through a cached model, without HTTP: feature extraction alone, and features + predict. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class InferenceBenchmark {
    private int next;

    @Benchmark
    public void featuresOnly(TrainedModel trained, Blackhole features) {
        trained.trainer.features().extract(trained.orders[next++ & (TrainedModel.ORDERS - 1)], trained.now,
                (name, value) -> {
                    features.consume(name);
                    features.consume(value);
                });
    }

    @Benchmark
    public ShipmentPrediction featuresAndPredict(TrainedModel trained) {
        return trained.model.predict(trained.orders[next++ & (TrainedModel.ORDERS - 1)], trained.now);
    }
}
