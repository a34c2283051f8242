package dev.autoship.predictor.model;

import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.history.ShipmentChoice;

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
 * baseline and the noise ceiling, accuracy by confidence bucket (is a high confidence more often right?),
 * the expected calibration error (10 equal-width confidence bins: mean |confidence - accuracy| weighted by
 * share; lower is better calibrated), training time at 100 / 1,000 / 5,000 shipments (median of 5 after
 * warm-up) and the stored size at 5,000.
 * Run: {@code ./mvnw -q -pl predictor -Pevaluate test-compile exec:java}
 */
public final class ModelEvaluation {

    private static final Instant ANCHOR = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofDays(90);
    private static final int[] TRAINING_SIZES = {100, 1000, 5000};
    private static final int TIMING_RUNS = 5;

    record Candidate(String name, ForestShape shape, OrderFeatures features) {
    }

    private static final String REFERENCE = "before: Tribuo random forest, 30 trees, depth 10, half the features per split,"
            + " full bootstrap, raw values, + day";

    /**
     * No argument: the trainer table. {@code validation}: time split against out-of-bag validation.
     * {@code autoship}: auto-ship thresholds on each model's own validation against thresholds on the validations
     * pooled over the models held together. {@code variants}: the accuracy, calibration and auto-ship table of the trainer variants tried for issue 20.
     * {@code absent}: accuracy on orders that lack a field the history had. {@code errors}: where the shipped forest's
     * errors on the later orders are (label noise, or a rule's choice the history made never, rarely or often).
     * ({@code -Dexec.args=validation})
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("validation")) {
            ValidationEvaluation.compareValidations();
            return;
        }
        if (args.length > 0 && args[0].equals("autoship")) {
            ValidationEvaluation.compareAutoShipEvidence(ValidationEvaluation.validationRules());
            return;
        }
        if (args.length > 0 && args[0].equals("timing")) {
            ValidationEvaluation.compareTrainingTimes(TrainerVariants.timed(), args.length > 1 ? Integer.parseInt(args[1]) : 30);
            return;
        }
        if (args.length > 0 && args[0].equals("errors")) {
            ErrorEvaluation.compare();
            return;
        }
        if (args.length > 0 && args[0].equals("absent")) {
            AbsentFieldsEvaluation.compare();
            return;
        }
        if (args.length > 0 && args[0].equals("variants")) {
            ValidationEvaluation.compareVariants(args.length > 1 && args[1].equals("shares")
                    ? TrainerVariants.categoryShares() : TrainerVariants.all());
            return;
        }
        table();
    }

    private static void table() {
        var referenceTrainer = TribuoForestReference.trainer();
        List<Candidate> candidates = List.of(
                new Candidate("64 bins, full bootstrap",
                        new ForestShape(30, 10, 0.5f, 64, 0, 1L), new OrderFeatures(true)),
                new Candidate("32 bins, full bootstrap",
                        new ForestShape(30, 10, 0.5f, 32, 0, 1L), new OrderFeatures(true)),
                new Candidate("64 bins, bootstrap capped at 1,000 per tree",
                        new ForestShape(30, 10, 0.5f, 64, 1000, 1L), new OrderFeatures(true)),
                new Candidate("64 bins, bootstrap capped at 500 per tree (shipped)",
                        ShipmentModelTrainer.standardShape(), ShipmentModelTrainer.standardFeatures()),
                new Candidate("64 bins, bootstrap capped at 250 per tree",
                        new ForestShape(30, 10, 0.5f, 64, 250, 1L), new OrderFeatures(true)),
                new Candidate("64 bins, 20 trees, bootstrap capped at 500",
                        new ForestShape(20, 10, 0.5f, 64, 500, 1L), new OrderFeatures(true)),
                new Candidate("64 bins, 50 trees, bootstrap capped at 500",
                        new ForestShape(50, 10, 0.5f, 64, 500, 1L), new OrderFeatures(true)),
                new Candidate("64 bins, depth 8, bootstrap capped at 500",
                        new ForestShape(30, 8, 0.5f, 64, 500, 1L), new OrderFeatures(true)),
                new Candidate("64 bins, bootstrap capped at 500, no day",
                        new ForestShape(30, 10, 0.5f, 64, 500, 1L), new OrderFeatures(false)),
                new Candidate("single tree, depth 14, 64 bins, all features",
                        new ForestShape(1, 14, 1f, 64, 0, 1L), new OrderFeatures(true)));

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
            TribuoForestReference reference = TribuoForestReference.train(referenceTrainer, new OrderFeatures(true), train);
            List<Outcome> referenceOutcomes = outcomes.computeIfAbsent(REFERENCE, k -> new ArrayList<>());
            long referenceStarted = System.nanoTime();
            for (DemoShipment s : test) {
                TribuoForestReference.Answer answer = reference.predict(s.shipment().order(), s.shipment().shippedAt());
                referenceOutcomes.add(new Outcome(answer.label().equals(ShipmentModel.labelOf(s.shipment().shipment())),
                        answer.confidence()));
            }
            long[] referenceNanos = predictNanos.computeIfAbsent(REFERENCE, k -> new long[2]);
            referenceNanos[0] += System.nanoTime() - referenceStarted;
            referenceNanos[1] += test.size();
            for (Candidate candidate : candidates) {
                ShipmentModel model = new ShipmentModelTrainer(candidate.shape(), candidate.features(),
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
        System.out.println("| trainer / features | held-out accuracy | conf >= 0.9: accuracy (share) | 0.6-0.9 | < 0.6 | calibration error | train ms at 100 / 1,000 / 5,000 | stored bytes at 5,000 | µs per prediction |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        List<Shipment> largest = data.generate(DemoDataSet.customerId(5), TRAINING_SIZES[TRAINING_SIZES.length - 1]).stream()
                .map(DemoShipment::shipment).toList();
        StringBuilder referenceMillis = new StringBuilder();
        for (int size : TRAINING_SIZES) {
            referenceMillis.append(referenceMillis.isEmpty() ? "" : " / ").append("%.0f".formatted(
                    medianMillis(() -> TribuoForestReference.train(referenceTrainer, new OrderFeatures(true), largest.subList(0, size)))));
        }
        printRow(REFERENCE, outcomes.get(REFERENCE), predictNanos.get(REFERENCE), referenceMillis,
                TribuoForestReference.train(referenceTrainer, new OrderFeatures(true), largest).serialized().length);
        for (Candidate candidate : candidates) {
            List<Outcome> list = outcomes.get(candidate.name());
            long[] nanos = predictNanos.get(candidate.name());
            ShipmentModelTrainer trainer = new ShipmentModelTrainer(candidate.shape(), candidate.features(),
                    Clock.fixed(ANCHOR, ZoneOffset.UTC));
            StringBuilder trainMillis = new StringBuilder();
            for (int size : TRAINING_SIZES) {
                trainMillis.append(trainMillis.isEmpty() ? "" : " / ")
                        .append("%.0f".formatted(medianMillis(() -> trainer.train("c", largest.subList(0, size)))));
            }
            int stored = new ModelCodec(candidate.features()).encode(trainer.train("c", largest)).length;
            printRow(candidate.name(), list, nanos, trainMillis, stored);
        }
    }

    private static void printRow(String name, List<Outcome> list, long[] nanos, CharSequence trainMillis, int stored) {
        System.out.printf("| %s | %.1f%% | %s | %s | %s | %.3f | %s | %,d | %.1f |%n", name,
                100 * accuracy(list, o -> true),
                bucket(list, o -> o.confidence() >= 0.9),
                bucket(list, o -> o.confidence() >= 0.6 && o.confidence() < 0.9),
                bucket(list, o -> o.confidence() < 0.6),
                calibrationError(list), trainMillis, stored,
                nanos[0] / 1000.0 / nanos[1]);
    }

    private static double medianMillis(Runnable training) {
        training.run();
        double[] millis = new double[TIMING_RUNS];
        for (int i = 0; i < TIMING_RUNS; i++) {
            long started = System.nanoTime();
            training.run();
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        java.util.Arrays.sort(millis);
        return millis[TIMING_RUNS / 2];
    }

    private static double calibrationError(List<Outcome> outcomes) {
        double error = 0;
        for (int bin = 0; bin < 10; bin++) {
            double low = bin / 10.0;
            double high = bin == 9 ? 1.0001 : (bin + 1) / 10.0;
            List<Outcome> in = outcomes.stream().filter(o -> o.confidence() >= low && o.confidence() < high).toList();
            if (!in.isEmpty()) {
                double confidence = in.stream().mapToDouble(Outcome::confidence).average().orElseThrow();
                double right = in.stream().filter(Outcome::right).count() / (double) in.size();
                error += Math.abs(confidence - right) * in.size() / outcomes.size();
            }
        }
        return error;
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
