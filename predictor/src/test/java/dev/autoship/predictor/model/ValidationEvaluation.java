package dev.autoship.predictor.model;

import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.Shipment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Measures what item 2 and 4 of issue 20 ask: which validation predicts a model's accuracy on later orders (time split
 * or the forest's out-of-bag votes), and per trainer variant the held-out accuracy, calibration and auto-ship
 * precision and coverage against the best single global threshold chosen in hindsight. Populations: the 30 demo
 * customers plus 20 small ones (80..308 shipments over 120 days), with the generator's 5% label noise and with 10%
 * (the "noisier" data the targets are measured on). Per customer the newest 20% of its 90-day window are the later
 * orders; the rest is what the predictor would have had.
 */
final class ValidationEvaluation {

    static final Instant ANCHOR = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration WINDOW = Duration.ofDays(90);
    static final double[] TARGETS = {0.95, 0.90};

    private ValidationEvaluation() {
    }

    record Customer(String id, List<Shipment> window, List<Shipment> older) {
        List<Shipment> later() {
            return window.subList(0, window.size() / 5);
        }

        List<Shipment> known() {
            return window.subList(window.size() / 5, window.size());
        }

        boolean small() {
            return window.size() < 300;
        }
    }

    static List<Customer> population(double noise) {
        DemoDataSet data = new DemoDataSet(ANCHOR, noise);
        List<Customer> customers = new ArrayList<>();
        for (String id : DemoDataSet.customerIds().subList(0, DemoDataSet.CUSTOMER_COUNT - 2)) {
            customers.add(customer(id, data.shipments(id)));
        }
        for (int i = 0; i < 20; i++) {
            String id = "small-%02d".formatted(i);
            customers.add(customer(id, data.generate(id, 80 + 12 * i)));
        }
        return customers;
    }

    private static Customer customer(String id, List<DemoShipment> all) {
        List<Shipment> shipments = all.stream().map(DemoShipment::shipment).toList();
        Instant start = ANCHOR.minus(WINDOW);
        return new Customer(id, shipments.stream().filter(s -> !s.shippedAt().isBefore(start)).toList(),
                shipments.stream().filter(s -> s.shippedAt().isBefore(start)).toList());
    }

    record Answer(double confidence, boolean right) {
    }

    static List<Answer> answers(ShipmentModel model, List<Shipment> later) {
        return later.stream().map(s -> {
            ShipmentPrediction p = model.predict(s.order(), s.shippedAt());
            return new Answer(p.confidence(), p.shipment().equals(s.shipment()));
        }).toList();
    }

    static double accuracy(List<Answer> answers) {
        return answers.stream().filter(Answer::right).count() / (double) answers.size();
    }

    static double calibrationError(List<Answer> answers) {
        Map<Double, int[]> tallies = new TreeMap<>();
        for (Answer a : answers) {
            int[] t = tallies.computeIfAbsent(a.confidence(), c -> new int[2]);
            t[0]++;
            t[1] += a.right() ? 1 : 0;
        }
        List<ConfidenceTally> list = new ArrayList<>();
        tallies.forEach((c, t) -> list.add(new ConfidenceTally(c, t[0], t[1])));
        return new ModelValidation(list).calibrationError();
    }

    /** The lowest global confidence threshold whose answers at or above it reach the target (raw share), in hindsight. */
    static double hindsightCoverage(List<Answer> answers, double target) {
        List<Answer> sorted = answers.stream().sorted(Comparator.comparingDouble(Answer::confidence).reversed()).toList();
        int best = 0;
        int right = 0;
        for (int i = 0; i < sorted.size(); i++) {
            right += sorted.get(i).right() ? 1 : 0;
            boolean lastOfItsConfidence = i + 1 == sorted.size() || sorted.get(i + 1).confidence() < sorted.get(i).confidence();
            if (lastOfItsConfidence && right >= target * (i + 1)) {
                best = i + 1;
            }
        }
        return best / (double) answers.size();
    }

    /** Out-of-bag votes of the forest trained on {@code known} for its newest 20%, tallied like a validation. */
    static List<ConfidenceTally> outOfBag(ForestShape shape, OrderFeatures features, List<Shipment> known) {
        ShipmentDataset.Rows rows = ShipmentDataset.rows(features, known);
        List<boolean[]> inBag = new ArrayList<>();
        CompactForest forest = HistogramForestTrainer.grow(shape, rows.columns(), rows.labelIds(), rows.choices().length, null,
                sample -> {
                    boolean[] in = new boolean[known.size()];
                    for (int row : sample) {
                        in[row] = true;
                    }
                    inBag.add(in);
                });
        int[] columnOfSlot = new int[forest.featureNames().length];
        for (int slot = 0; slot < columnOfSlot.length; slot++) {
            columnOfSlot[slot] = -1;
            for (int c = 0; c < rows.columns().width(); c++) {
                if (rows.columns().name(c).equals(forest.featureNames()[slot])) {
                    columnOfSlot[slot] = c;
                }
            }
        }
        Map<Double, int[]> tallies = new TreeMap<>();
        int newest = (int) Math.round(known.size() * TimeSplitValidation.VALIDATION_SHARE);
        for (int row = 0; row < newest; row++) {
            double[] values = new double[columnOfSlot.length];
            for (int slot = 0; slot < values.length; slot++) {
                values[slot] = columnOfSlot[slot] < 0 ? 0 : rows.columns().values(columnOfSlot[slot])[row];
            }
            int[] votes = new int[rows.choices().length];
            int trees = 0;
            for (int tree = 0; tree < inBag.size(); tree++) {
                if (!inBag.get(tree)[row]) {
                    votes[forest.leafLabel(tree, values)]++;
                    trees++;
                }
            }
            if (trees == 0) {
                continue;
            }
            int best = 0;
            for (int label = 1; label < votes.length; label++) {
                if (votes[label] > votes[best]) {
                    best = label;
                }
            }
            int[] t = tallies.computeIfAbsent(votes[best] / (double) trees, c -> new int[2]);
            t[0]++;
            t[1] += best == rows.labelIds()[row] ? 1 : 0;
        }
        List<ConfidenceTally> list = new ArrayList<>();
        tallies.forEach((c, t) -> list.add(new ConfidenceTally(c, t[0], t[1])));
        return list;
    }

    /** Time split against out-of-bag votes: which tells the accuracy on later orders, and whose threshold holds there. */
    static void compareValidations() {
        ForestShape shape = ShipmentModelTrainer.standardShape();
        OrderFeatures features = ShipmentModelTrainer.standardFeatures();
        Clock clock = Clock.fixed(ANCHOR, ZoneOffset.UTC);
        for (double noise : new double[] {DemoDataSet.NOISE_RATE, 0.10}) {
            double[] absError = new double[2];
            double[] bias = new double[2];
            int customers = 0;
            Map<String, List<Answer>> shipped = new TreeMap<>();
            int allLater = 0;
            for (Customer customer : population(noise)) {
                List<Shipment> known = customer.known();
                ShipmentModel model = new ShipmentModelTrainer(shape, features, clock).train(customer.id(), known);
                if (model.validation().isEmpty()) {
                    continue;
                }
                customers++;
                List<Answer> later = answers(model, customer.later());
                allLater += later.size();
                double truth = accuracy(later);
                List<ConfidenceTally> timeSplit = model.validation().get().tallies();
                List<ConfidenceTally> oob = outOfBag(shape, features, known);
                List<List<ConfidenceTally>> methods = List.of(timeSplit, oob);
                for (int m = 0; m < 2; m++) {
                    double estimate = new ModelValidation(methods.get(m)).accuracy();
                    absError[m] += Math.abs(estimate - truth);
                    bias[m] += estimate - truth;
                    for (double target : TARGETS) {
                        OptionalDouble threshold = new AutoShipRule(target).threshold(methods.get(m));
                        List<Answer> auto = shipped.computeIfAbsent((m == 0 ? "time split" : "out of bag") + " @ " + target,
                                k -> new ArrayList<>());
                        if (threshold.isPresent()) {
                            later.stream().filter(a -> a.confidence() >= threshold.getAsDouble()).forEach(auto::add);
                        }
                    }
                }
            }
            System.out.printf("noise %.0f%%: %d validated customers, %d later orders%n", noise * 100, customers, allLater);
            System.out.printf("| method | mean abs error of the accuracy estimate | mean bias |%n|---|---|---|%n");
            System.out.printf("| time split | %.3f | %+.3f |%n", absError[0] / customers, bias[0] / customers);
            System.out.printf("| out of bag | %.3f | %+.3f |%n", absError[1] / customers, bias[1] / customers);
            int later = allLater;
            shipped.forEach((name, auto) -> System.out.printf("  auto-shipped by %s: precision %.3f, coverage %.3f%n", name,
                    auto.isEmpty() ? Double.NaN : accuracy(auto), auto.size() / (double) later));
        }
    }

    record Variant(String name, Function<Clock, ShipmentModelTrainer> trainer, boolean extendSmallWindows) {
    }

    /** Per variant and population: the README's model table columns. */
    static void compareVariants(List<Variant> variants) {
        Clock clock = Clock.fixed(ANCHOR, ZoneOffset.UTC);
        for (double noise : new double[] {DemoDataSet.NOISE_RATE, 0.10}) {
            List<Customer> population = population(noise);
            System.out.printf("%nnoise %.0f%%, %d customers (%d small)%n", noise * 100, population.size(),
                    population.stream().filter(Customer::small).count());
            System.out.println("| variant | held-out accuracy | small customers | calibration error | auto-ship @0.95: precision, coverage | best global threshold @0.95: coverage | auto-ship @0.90: precision, coverage | global @0.90: coverage |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (Variant variant : variants) {
                ShipmentModelTrainer base = variant.trainer().apply(clock);
                List<Answer> all = new ArrayList<>();
                List<Answer> small = new ArrayList<>();
                List<List<Answer>> auto = List.of(new ArrayList<>(), new ArrayList<>());
                for (Customer customer : population) {
                    List<Shipment> known = customer.known();
                    if (variant.extendSmallWindows() && customer.small()) {
                        known = new ArrayList<>(known);
                        known.addAll(customer.older());
                    }
                    for (int t = 0; t < TARGETS.length; t++) {
                        ShipmentModel model = base.autoShipping(new AutoShipRule(TARGETS[t])).train(customer.id(), known);
                        List<Answer> later = answers(model, customer.later());
                        if (t == 0) {
                            all.addAll(later);
                            if (customer.small()) {
                                small.addAll(later);
                            }
                        }
                        OptionalDouble threshold = model.autoShipThreshold();
                        if (threshold.isPresent()) {
                            later.stream().filter(a -> a.confidence() >= threshold.getAsDouble()).forEach(auto.get(t)::add);
                        }
                    }
                }
                System.out.printf("| %s | %.3f | %.3f | %.3f | %s | %.3f | %s | %.3f |%n", variant.name(), accuracy(all),
                        accuracy(small), calibrationError(all), autoShip(auto.get(0), all.size()),
                        hindsightCoverage(all, 0.95), autoShip(auto.get(1), all.size()), hindsightCoverage(all, 0.90));
            }
        }
    }

    private static String autoShip(List<Answer> auto, int answers) {
        return auto.isEmpty() ? "–, 0.000" : "%.3f, %.3f".formatted(accuracy(auto), auto.size() / (double) answers);
    }

    /**
     * Thresholds on each model's own validation against thresholds on the validations pooled over all the
     * population's models (as an instance holding them all pools them), through the served path: each model's
     * {@code autoShip} on the later orders, against the best global threshold in hindsight.
     */
    static void compareAutoShipEvidence() {
        Clock clock = Clock.fixed(ANCHOR, ZoneOffset.UTC);
        double[] targets = {0.95, 0.90, 0.85};
        for (double noise : new double[] {DemoDataSet.NOISE_RATE, 0.10, 0.15}) {
            List<Customer> population = population(noise);
            System.out.printf("%nnoise %.0f%%, %d customers (%d small)%n", noise * 100, population.size(),
                    population.stream().filter(Customer::small).count());
            System.out.println("| target | best global threshold in hindsight: coverage | own validation: precision, coverage | pooled validations: precision, coverage |");
            System.out.println("|---|---|---|---|");
            for (double target : targets) {
                AutoShipRule rule = new AutoShipRule(target);
                ValidationPool pool = new ValidationPool();
                ShipmentModelTrainer own = ShipmentModelTrainer.standard(clock).autoShipping(rule);
                ShipmentModelTrainer pooled = ShipmentModelTrainer.standard(clock).autoShipping(new AutoShipPolicy(rule, pool));
                List<Answer> all = new ArrayList<>();
                List<List<Answer>> auto = List.of(new ArrayList<>(), new ArrayList<>());
                Map<Customer, List<ShipmentModel>> models = new java.util.LinkedHashMap<>();
                for (Customer customer : population) {
                    ShipmentModel ownModel = own.train(customer.id(), customer.known());
                    ShipmentModel pooledModel = pooled.train(customer.id(), customer.known());
                    pool.add(pooledModel);
                    models.put(customer, List.of(ownModel, pooledModel));
                }
                models.forEach((customer, pair) -> {
                    for (Shipment later : customer.later()) {
                        for (int m = 0; m < 2; m++) {
                            ShipmentPrediction p = pair.get(m).predict(later.order(), later.shippedAt());
                            Answer answer = new Answer(p.confidence(), p.shipment().equals(later.shipment()));
                            if (m == 0) {
                                all.add(answer);
                            }
                            if (p.autoShip()) {
                                auto.get(m).add(answer);
                            }
                        }
                    }
                });
                System.out.printf("| %.2f | %.3f | %s | %s |%n", target, hindsightCoverage(all, target),
                        autoShip(auto.get(0), all.size()), autoShip(auto.get(1), all.size()));
            }
        }
    }
}
