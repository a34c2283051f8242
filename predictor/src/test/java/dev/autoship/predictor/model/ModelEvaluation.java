package dev.autoship.predictor.model;

import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.history.ShipmentChoice;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.transform.TransformTrainer;
import org.tribuo.transform.TransformationMap;
import org.tribuo.transform.transformations.LinearScalingTransformation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Measures trainer and feature choices on the generated demo histories: per customer, the newest 20% of
 * its 90-day window is held out, the rest trains. Prints held-out accuracy against the majority-class
 * baseline and the noise ceiling, and accuracy by confidence bucket (is a high confidence more often right?).
 * Run: {@code ./mvnw -q -pl predictor -Pevaluate test-compile exec:java}
 */
public final class ModelEvaluation {

    private static final Instant ANCHOR = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofDays(90);

    record Candidate(String name, Trainer<Label> trainer, OrderFeatures features) {
    }

    record Result(String name, int tested, double accuracy, double high, double highShare, double mid,
                  double midShare, double low, double lowShare, double microsPerPrediction) {
    }

    public static void main(String[] args) {
        List<Candidate> candidates = List.of(
                new Candidate("random forest, 30 trees of depth 10, half the features per split, + day (shipped)",
                        ShipmentModelTrainer.standardTrainer(), new OrderFeatures(true)),
                new Candidate("same forest without the day feature",
                        ShipmentModelTrainer.standardTrainer(), new OrderFeatures(false)),
                new Candidate("random forest, 50 trees, otherwise the same, + day",
                        forest(50, 10, 0.5f), new OrderFeatures(true)),
                new Candidate("random forest, 50 unlimited-depth trees, 30% of features per split, + day",
                        forest(50, Integer.MAX_VALUE, 0.3f), new OrderFeatures(true)),
                new Candidate("single CART tree, depth 6, + day",
                        new CARTClassificationTrainer(6, 2f, 0f, 1f, false, new GiniIndex(), 1L), new OrderFeatures(true)),
                new Candidate("single CART tree, depth 6, no day",
                        new CARTClassificationTrainer(6, 2f, 0f, 1f, false, new GiniIndex(), 1L), new OrderFeatures(false)),
                new Candidate("single CART tree, depth 14, + day",
                        new CARTClassificationTrainer(14, 2f, 0f, 1f, false, new GiniIndex(), 1L), new OrderFeatures(true)),
                new Candidate("logistic regression (features scaled to 0..1), + day",
                        new TransformTrainer<>(new LogisticRegressionTrainer(),
                                new TransformationMap(List.of(new LinearScalingTransformation(0, 1)))),
                        new OrderFeatures(true)));

        DemoDataSet data = new DemoDataSet(ANCHOR);
        List<String> customers = DemoDataSet.customerIds().subList(0, DemoDataSet.CUSTOMER_COUNT - 2);
        int tested = 0;
        int majorityRight = 0;
        int ruleRight = 0;
        Map<String, List<Outcome>> outcomes = new LinkedHashMap<>();
        Map<String, long[]> predictNanos = new LinkedHashMap<>();
        for (String customer : customers) {
            List<DemoShipment> window = data.shipments(customer).stream()
                    .filter(s -> !s.shipment().shippedAt().isBefore(ANCHOR.minus(WINDOW)))
                    .toList();
            int testSize = window.size() / 5;
            List<DemoShipment> test = window.subList(0, testSize);
            List<Shipment> train = window.subList(testSize, window.size()).stream().map(DemoShipment::shipment).toList();
            ShipmentChoice majority = train.stream()
                    .collect(Collectors.groupingBy(Shipment::shipment, Collectors.counting()))
                    .entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            for (DemoShipment s : test) {
                tested++;
                majorityRight += s.shipment().shipment().equals(majority) ? 1 : 0;
                ruleRight += s.shipment().shipment().equals(s.ruleChoice()) ? 1 : 0;
            }
            for (Candidate candidate : candidates) {
                ShipmentModel model = new ShipmentModelTrainer(candidate.trainer(), candidate.features(),
                        Clock.fixed(ANCHOR, ZoneOffset.UTC)).train(customer, train);
                List<Outcome> list = outcomes.computeIfAbsent(candidate.name(), k -> new ArrayList<>());
                long started = System.nanoTime();
                for (DemoShipment s : test) {
                    ShipmentPrediction p = model.predict(s.shipment().order(), s.shipment().shippedAt());
                    list.add(new Outcome(p.shipment().equals(s.shipment().shipment()), p.confidence()));
                }
                long[] nanos = predictNanos.computeIfAbsent(candidate.name(), k -> new long[2]);
                nanos[0] += System.nanoTime() - started;
                nanos[1] += test.size();
            }
        }
        System.out.printf("%d customers, %d held-out shipments, label noise %.0f%%%n", customers.size(), tested,
                DemoDataSet.NOISE_RATE * 100);
        System.out.printf("majority-class baseline: %.1f%%   noise ceiling (rule's own accuracy on the held-out labels): %.1f%%   1 - noise rate: %.1f%%%n",
                100.0 * majorityRight / tested, 100.0 * ruleRight / tested, 100 * (1 - DemoDataSet.NOISE_RATE));
        System.out.println();
        System.out.println("| trainer / features | held-out accuracy | conf >= 0.9: accuracy (share) | 0.6-0.9 | < 0.6 | µs per prediction |");
        System.out.println("|---|---|---|---|---|---|");
        for (Map.Entry<String, List<Outcome>> entry : outcomes.entrySet()) {
            List<Outcome> list = entry.getValue();
            long[] nanos = predictNanos.get(entry.getKey());
            System.out.printf("| %s | %.1f%% | %s | %s | %s | %.1f |%n", entry.getKey(),
                    100 * accuracy(list, o -> true),
                    bucket(list, o -> o.confidence() >= 0.9),
                    bucket(list, o -> o.confidence() >= 0.6 && o.confidence() < 0.9),
                    bucket(list, o -> o.confidence() < 0.6),
                    nanos[0] / 1000.0 / nanos[1]);
        }
    }

    private static Trainer<Label> forest(int trees, int depth, float featureFraction) {
        return new RandomForestTrainer<>(new CARTClassificationTrainer(depth, featureFraction, 1L), new VotingCombiner(),
                trees, 1L);
    }

    private record Outcome(boolean right, double confidence) {
    }

    private static double accuracy(List<Outcome> outcomes, Function<Outcome, Boolean> filter) {
        List<Outcome> selected = outcomes.stream().filter(filter::apply).toList();
        return selected.isEmpty() ? Double.NaN : selected.stream().filter(Outcome::right).count() / (double) selected.size();
    }

    private static String bucket(List<Outcome> outcomes, Function<Outcome, Boolean> filter) {
        long n = outcomes.stream().filter(filter::apply).count();
        return n == 0 ? "–" : "%.1f%% (%.0f%%)".formatted(100 * accuracy(outcomes, filter), 100.0 * n / outcomes.size());
    }

}
