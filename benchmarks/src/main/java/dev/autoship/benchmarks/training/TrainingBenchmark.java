package dev.autoship.benchmarks.training;

import dev.autoship.benchmarks.history.GeneratedCustomers;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.model.ShipmentModelTrainer;
import dev.autoship.predictor.ops.Slf4jLogging;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;

/**
 * One training of a customer's model from its already-read history, by the predictor's own trainer:
 * what a cold customer costs after the history read. {@code path}: {@code direct} grows the forest
 * without Tribuo (features, bins, trees: the forest as it was before it became a Tribuo trainer);
 * {@code tribuo} is the same forest through Tribuo's Dataset, Trainer, Model and provenance (the
 * framework's cost is tribuo / direct); {@code validated} is what the predictor runs for a cold
 * customer: the time-split validation (a second training on the older 80%, LabelEvaluator on the
 * newest 20%) and then the served model, one after the other (the predictor grows the two side by side on its two
 * training threads). Sizes: the cold-path benchmarks' small (~110) and large (~2,700) customers, and 1,000 and
 * 5,000 (the most a window holds by default). Run:
 * {@code ./mvnw -q -pl benchmarks compile exec:exec@jmh-training} (see BENCHMARKS.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class TrainingBenchmark {

    private static final String CUSTOMER = GeneratedCustomers.customerId(1);

    @Param({"110", "1000", "2700", "5000"})
    public int shipments;

    @Param({"direct", "tribuo", "validated"})
    public String path;

    private ShipmentModelTrainer trainer;
    private List<Shipment> history;

    @Setup
    public void history() {
        // log as the predictor does (JUL into logback, Tribuo's evaluation warnings muted), not to JUL's console
        Slf4jLogging.install();
        LoggerFactory.getLogger(TrainingBenchmark.class);
        Instant now = Instant.now();
        history = new GeneratedCustomers(now).history(CUSTOMER, shipments);
        trainer = ShipmentModelTrainer.standard(Clock.systemUTC());
    }

    @Benchmark
    public Object train() {
        return switch (path) {
            case "direct" -> trainer.growWithoutFramework(history);
            case "tribuo" -> trainer.trainUnvalidated(CUSTOMER, history);
            case "validated" -> trainer.train(CUSTOMER, history);
            default -> throw new IllegalArgumentException("path is direct, tribuo or validated, got " + path);
        };
    }
}
