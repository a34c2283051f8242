package dev.autoship.benchmarks.training;

import dev.autoship.benchmarks.history.GeneratedCustomers;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.model.ShipmentModelTrainer;
import dev.autoship.predictor.ops.Slf4jLogging;
import dev.autoship.predictor.training.TrainingPool;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Tribuo's share of one training, measured paired: each round trains the same history once without the framework
 * ({@code direct}), once through it ({@code tribuo}) and once as a cold customer is trained ({@code validated}),
 * back to back, so load from other processes on a shared machine hits all three alike; prints per size the median
 * of each and the median of the per-round ratios. {@code side by side} is {@code validated} as the predictor runs it:
 * the validation forest and the served forest on two training threads at once (a pool of two, the default). Complements {@link TrainingBenchmark}, whose separate runs per path
 * a busy machine can skew. Run: {@code ./mvnw -q -pl benchmarks compile exec:exec@training-overhead}
 * ({@code -Dbench.args="rounds=200"}).
 */
public final class TrainingOverhead {

    private TrainingOverhead() {
    }

    public static void main(String[] args) {
        Slf4jLogging.install();
        LoggerFactory.getLogger(TrainingOverhead.class);
        int rounds = Arrays.stream(args).filter(a -> a.startsWith("rounds=")).map(a -> Integer.parseInt(a.substring(7)))
                .findFirst().orElse(100);
        ShipmentModelTrainer trainer = ShipmentModelTrainer.standard(Clock.systemUTC());
        GeneratedCustomers customers = new GeneratedCustomers(Instant.now());
        System.out.println("| shipments | direct ms | tribuo ms | validated ms | validated side by side ms | tribuo / direct (median of rounds) | validated / direct | side by side / direct |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        TrainingPool pool = new TrainingPool(2, 100);
        for (int size : new int[] {200, 1000, 5000}) {
            String customer = GeneratedCustomers.customerId(1);
            List<Shipment> history = customers.history(customer, size);
            for (int i = 0; i < 30; i++) {
                trainer.growWithoutFramework(history);
                trainer.trainUnvalidated(customer, history);
                trainer.train(customer, history);
            }
            double[] direct = new double[rounds];
            double[] tribuo = new double[rounds];
            double[] validated = new double[rounds];
            double[] tribuoRatio = new double[rounds];
            double[] validatedRatio = new double[rounds];
            double[] sideBySide = new double[rounds];
            double[] sideBySideRatio = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                long started = System.nanoTime();
                trainer.growWithoutFramework(history);
                long grown = System.nanoTime();
                trainer.trainUnvalidated(customer, history);
                long wrapped = System.nanoTime();
                trainer.train(customer, history);
                long done = System.nanoTime();
                ShipmentModelTrainer.PreparedHistory prepared = pool.run(() -> trainer.prepare(customer, history));
                pool.runBoth(() -> trainer.grow(prepared), () -> trainer.validate(prepared),
                        (forest, validation) -> trainer.model(prepared, forest, validation));
                long both = System.nanoTime();
                sideBySide[round] = (both - done) / 1e6;
                direct[round] = (grown - started) / 1e6;
                tribuo[round] = (wrapped - grown) / 1e6;
                validated[round] = (done - wrapped) / 1e6;
                tribuoRatio[round] = tribuo[round] / direct[round];
                validatedRatio[round] = validated[round] / direct[round];
                sideBySideRatio[round] = sideBySide[round] / direct[round];
            }
            System.out.printf("| %,d | %.2f | %.2f | %.2f | %.2f | %.3f | %.2f | %.2f |%n", size, median(direct),
                    median(tribuo), median(validated), median(sideBySide), median(tribuoRatio), median(validatedRatio),
                    median(sideBySideRatio));
        }
        pool.close();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
