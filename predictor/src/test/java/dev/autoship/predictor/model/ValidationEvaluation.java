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
        List<Customer> customers = new ArrayList<>();
        generated(new DemoDataSet(ANCHOR, noise)).forEach((id, shipments) -> customers.add(customer(id, shipments)));
        return customers;
    }

    /** Each customer's generated shipments, newest first, with the rules' choices: the 30 demo customers, 20 small ones. */
    static Map<String, List<DemoShipment>> generated(DemoDataSet data) {
        Map<String, List<DemoShipment>> customers = new java.util.LinkedHashMap<>();
        for (String id : DemoDataSet.customerIds().subList(0, DemoDataSet.CUSTOMER_COUNT - 2)) {
            customers.put(id, data.shipments(id));
        }
        for (int i = 0; i < 20; i++) {
            String id = "small-%02d".formatted(i);
            customers.put(id, data.generate(id, 80 + 12 * i));
        }
        return customers;
    }

    private static Customer customer(String id, List<DemoShipment> all) {
        List<Shipment> shipments = all.stream().map(DemoShipment::shipment).toList();
        Instant start = ANCHOR.minus(WINDOW);
        return new Customer(id, shipments.stream().filter(s -> !s.shippedAt().isBefore(start)).toList(),
                shipments.stream().filter(s -> s.shippedAt().isBefore(start)).toList());
    }

    /**
     * @param mayAutoShip whether the served path may auto-ship the answer: not where it rests on a value the order did
     *                    not give ({@link ShipmentModel#restsOnAbsentValue})
     */
    record Answer(double confidence, boolean right, boolean mayAutoShip) {
        /** Whether the served path auto-ships this answer under {@code threshold}. */
        boolean shipsAt(double threshold) {
            return mayAutoShip && confidence >= threshold;
        }
    }

    static List<Answer> answers(ShipmentModel model, List<Shipment> later) {
        return later.stream().map(s -> {
            ShipmentPrediction p = model.predict(s.order(), s.shippedAt());
            return new Answer(p.confidence(), p.shipment().equals(s.shipment()),
                    !model.restsOnAbsentValue(s.order(), s.shippedAt()));
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
        int newest = new TimeSplitValidation().validationSize(known.size());
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
                            later.stream().filter(a -> a.shipsAt(threshold.getAsDouble())).forEach(auto::add);
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

    static final double[] NOISES = {DemoDataSet.NOISE_RATE, 0.10, 0.15};

    /**
     * Per variant and population: the README's model table columns, and the training time — the population's
     * trainings (validation included) in total, and one training of 5,000 shipments (median of 5 after a warm-up),
     * each also as a ratio to the first variant's.
     */
    static void compareVariants(List<Variant> variants) {
        Clock clock = Clock.fixed(ANCHOR, ZoneOffset.UTC);
        List<Shipment> largest = new DemoDataSet(ANCHOR).generate(DemoDataSet.customerId(5), 5000).stream()
                .map(DemoShipment::shipment).toList();
        for (double noise : NOISES) {
            List<Customer> population = population(noise);
            System.out.printf("%nnoise %.0f%%, %d customers (%d small)%n", noise * 100, population.size(),
                    population.stream().filter(Customer::small).count());
            System.out.println("| variant | held-out accuracy | small customers | calibration error | auto-ship @0.95: precision, coverage | best global threshold @0.95: coverage | auto-ship @0.90: precision, coverage | global @0.90: coverage | train ms: population (ratio) | at 5,000 (ratio) | accuracy − first variant's, ± 2 SE (paired) |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            double[] firstMillis = null;
            List<Answer> firstAnswers = null;
            for (Variant variant : variants) {
                ShipmentModelTrainer trainer = variant.trainer().apply(clock).autoShipping(new AutoShipRule(TARGETS[0]));
                List<Answer> all = new ArrayList<>();
                List<Answer> small = new ArrayList<>();
                List<List<Answer>> auto = List.of(new ArrayList<>(), new ArrayList<>());
                long nanos = 0;
                for (Customer customer : population) {
                    List<Shipment> known = customer.known();
                    if (variant.extendSmallWindows() && customer.small()) {
                        known = new ArrayList<>(known);
                        known.addAll(customer.older());
                    }
                    long started = System.nanoTime();
                    ShipmentModel model = trainer.train(customer.id(), known);
                    nanos += System.nanoTime() - started;
                    List<Answer> later = answers(model, customer.later());
                    all.addAll(later);
                    if (customer.small()) {
                        small.addAll(later);
                    }
                    for (int t = 0; t < TARGETS.length; t++) {
                        OptionalDouble threshold = model.validation().map(v -> v.tallies())
                                .map(new AutoShipRule(TARGETS[t])::threshold).orElse(OptionalDouble.empty());
                        if (threshold.isPresent()) {
                            later.stream().filter(a -> a.shipsAt(threshold.getAsDouble())).forEach(auto.get(t)::add);
                        }
                    }
                }
                double[] millis = {nanos / 1e6, medianMillis(() -> trainer.train("c", largest))};
                if (firstMillis == null) {
                    firstMillis = millis;
                    firstAnswers = all;
                }
                System.out.printf("| %s | %.3f | %.3f | %.3f | %s | %.3f | %s | %.3f | %.0f (%.2f) | %.1f (%.2f) | %s |%n", variant.name(),
                        accuracy(all), accuracy(small), calibrationError(all), autoShip(auto.get(0), all.size()),
                        hindsightCoverage(all, 0.95), autoShip(auto.get(1), all.size()), hindsightCoverage(all, 0.90),
                        millis[0], millis[0] / firstMillis[0], millis[1], millis[1] / firstMillis[1],
                        pairedDifference(all, firstAnswers));
            }
        }
    }

    /**
     * Training time of each variant against the first, at 120, 1,000 and 5,000 shipments (validation included):
     * every round trains each variant once in turn, so a busy neighbour slows them alike; the median of each and of
     * the per-round ratios to the first variant.
     */
    static void compareTrainingTimes(List<Variant> variants, int rounds) {
        Clock clock = Clock.fixed(ANCHOR, ZoneOffset.UTC);
        List<Shipment> largest = new DemoDataSet(ANCHOR).generate(DemoDataSet.customerId(5), 5000).stream()
                .map(DemoShipment::shipment).toList();
        List<ShipmentModelTrainer> trainers = variants.stream().map(v -> v.trainer().apply(clock)).toList();
        System.out.println("| variant | train ms at 120 (ratio) | at 1,000 (ratio) | at 5,000 (ratio) |");
        System.out.println("|---|---|---|---|");
        int[] sizes = {120, 1000, 5000};
        double[][][] millis = new double[variants.size()][sizes.length][rounds];
        for (int round = -rounds / 3; round < rounds; round++) {
            for (int size = 0; size < sizes.length; size++) {
                List<Shipment> history = largest.subList(0, sizes[size]);
                for (int v = 0; v < trainers.size(); v++) {
                    long started = System.nanoTime();
                    trainers.get(v).train("c", history);
                    if (round >= 0) {
                        millis[v][size][round] = (System.nanoTime() - started) / 1e6;
                    }
                }
            }
        }
        for (int v = 0; v < variants.size(); v++) {
            StringBuilder row = new StringBuilder("| " + variants.get(v).name());
            for (int size = 0; size < sizes.length; size++) {
                double[] ratios = new double[rounds];
                for (int round = 0; round < rounds; round++) {
                    ratios[round] = millis[v][size][round] / millis[0][size][round];
                }
                row.append(" | %.1f (%.2f)".formatted(median(millis[v][size]), median(ratios)));
            }
            System.out.println(row.append(" |"));
        }
    }

    /**
     * The difference in accuracy on the same later orders and twice its standard error, from the orders the two got
     * differently right (McNemar's discordant pairs): a difference beyond ±2 SE is more than the luck of the draw.
     */
    static String pairedDifference(List<Answer> answers, List<Answer> baseline) {
        int onlyThis = 0;
        int onlyBaseline = 0;
        for (int i = 0; i < answers.size(); i++) {
            boolean right = answers.get(i).right();
            boolean baselineRight = baseline.get(i).right();
            onlyThis += right && !baselineRight ? 1 : 0;
            onlyBaseline += baselineRight && !right ? 1 : 0;
        }
        double n = answers.size();
        double difference = (onlyThis - onlyBaseline) / n;
        double se = Math.sqrt(onlyThis + onlyBaseline - (onlyThis - onlyBaseline) * (onlyThis - onlyBaseline) / n) / n;
        return "%+.3f ± %.3f".formatted(difference, 2 * se);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double medianMillis(Runnable training) {
        training.run();
        double[] millis = new double[5];
        for (int i = 0; i < millis.length; i++) {
            long started = System.nanoTime();
            training.run();
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        java.util.Arrays.sort(millis);
        return millis[millis.length / 2];
    }

    private static String autoShip(List<Answer> auto, int answers) {
        return auto.isEmpty() ? "–, 0.000" : "%.3f, %.3f".formatted(accuracy(auto), auto.size() / (double) answers);
    }

    /** A rule for what is validated, as compared by {@link #compareAutoShipEvidence}. */
    record ValidationRule(String name, TimeSplitValidation rule, int minPooledHistory) {
        ValidationRule(String name, TimeSplitValidation rule) {
            this(name, rule, 0);
        }
    }

    static List<ValidationRule> validationRules() {
        int pooled = TimeSplitValidation.MIN_POOLED_HISTORY;
        return List.of(
                new ValidationRule("newest 20%, at least 30 (before)", new TimeSplitValidation(0.2, Integer.MAX_VALUE)),
                new ValidationRule("max(20%, 30), older part >= 50, all pooled", new TimeSplitValidation(0.2, 50)),
                new ValidationRule("max(20%, 30), older part >= 70, all pooled", new TimeSplitValidation(0.2, 70)),
                new ValidationRule("max(20%, 30), older part >= 100, all pooled", new TimeSplitValidation(0.2, 100)),
                new ValidationRule("shipped: max(20%, 30), older part >= 50, histories >= 148 pooled", new TimeSplitValidation(), pooled),
                new ValidationRule("max(20%, 30), older part >= 70, histories >= 148 pooled", new TimeSplitValidation(0.2, 70), pooled),
                new ValidationRule("max(20%, 30), older part >= 100, histories >= 148 pooled", new TimeSplitValidation(0.2, 100), pooled),
                new ValidationRule("max(15%, 30), older part >= 50, histories >= 148 pooled", new TimeSplitValidation(0.15, 50), pooled),
                new ValidationRule("max(10%, 30), older part >= 50, histories >= 148 pooled", new TimeSplitValidation(0.10, 50), pooled));
    }

    /**
     * Thresholds on each model's own validation against thresholds on the validations pooled over all the
     * population's models (as an instance holding them all pools them), through the served path: each model's
     * {@code autoShip} on the later orders, against the best global threshold in hindsight; per rule for what is
     * validated, with the small customers' auto-shipped answers apart, and what a confidence of at least 0.9 meant
     * for small and large customers, in validation and on the later orders.
     */
    static void compareAutoShipEvidence(List<ValidationRule> rules) {
        Clock clock = Clock.fixed(ANCHOR, ZoneOffset.UTC);
        double[] targets = {0.95, 0.90, 0.85};
        for (double noise : NOISES) {
            List<Customer> population = population(noise);
            System.out.printf("%nnoise %.0f%%, %d customers (%d small)%n", noise * 100, population.size(),
                    population.stream().filter(Customer::small).count());
            System.out.println("| target | rule | validated customers (small) | best global threshold in hindsight: coverage | own validation: precision, coverage | pooled validations: precision, coverage | best global threshold in hindsight at the pooled rule's precision: coverage | the same, over the answers that may auto-ship | pooled, small customers: precision, coverage of theirs |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            StringBuilder meaning = new StringBuilder();
            for (ValidationRule validationRule : rules) {
                ShipmentModelTrainer base = ShipmentModelTrainer.standard(clock).validatingWith(validationRule.rule());
                Map<Customer, ShipmentModel> trained = new java.util.LinkedHashMap<>();
                for (Customer customer : population) {
                    trained.put(customer, base.train(customer.id(), customer.known()));
                }
                long validated = trained.values().stream().filter(m -> m.validation().isPresent()).count();
                long validatedSmall = trained.entrySet().stream()
                        .filter(e -> e.getKey().small() && e.getValue().validation().isPresent()).count();
                int[][] atNinety = new int[4][2];
                trained.forEach((customer, model) -> {
                    int group = customer.small() ? 0 : 1;
                    model.validation().ifPresent(v -> v.tallies().stream().filter(t -> t.confidence() >= 0.9).forEach(t -> {
                        atNinety[group][0] += t.answers();
                        atNinety[group][1] += t.right();
                    }));
                    if (model.validation().isPresent()) {
                        for (Answer a : answers(model, customer.later())) {
                            if (a.confidence() >= 0.9) {
                                atNinety[2 + group][0]++;
                                atNinety[2 + group][1] += a.right() ? 1 : 0;
                            }
                        }
                    }
                });
                meaning.append("| %s | %s | %s | %s | %s |%n".formatted(validationRule.name(), share(atNinety[0]),
                        share(atNinety[1]), share(atNinety[2]), share(atNinety[3])));
                for (double target : targets) {
                    AutoShipRule rule = new AutoShipRule(target);
                    ValidationPool pool = new ValidationPool();
                    trained.values().stream().filter(m -> m.examples() >= validationRule.minPooledHistory())
                            .forEach(m -> m.validation().ifPresent(pool::add));
                    List<Answer> all = new ArrayList<>();
                    List<List<Answer>> auto = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                    int[] smallLater = new int[1];
                    trained.forEach((customer, model) -> {
                        List<ConfidenceTally> own = model.validation().map(ModelValidation::tallies).orElse(List.of());
                        OptionalDouble alone = own.isEmpty() ? OptionalDouble.empty() : rule.threshold(own);
                        OptionalDouble pooled = own.isEmpty() ? OptionalDouble.empty() : rule.threshold(own, pool.tallies());
                        for (Answer answer : answers(model, customer.later())) {
                            all.add(answer);
                            smallLater[0] += customer.small() ? 1 : 0;
                            if (alone.isPresent() && answer.shipsAt(alone.getAsDouble())) {
                                auto.get(0).add(answer);
                            }
                            if (pooled.isPresent() && answer.shipsAt(pooled.getAsDouble())) {
                                auto.get(1).add(answer);
                                if (customer.small()) {
                                    auto.get(2).add(answer);
                                }
                            }
                        }
                    });
                    String samePrecision = auto.get(1).isEmpty() ? "–"
                            : "%.3f".formatted(hindsightCoverage(all, accuracy(auto.get(1))));
                    // the same, a global threshold that also leaves out the answers resting on a value not given
                    List<Answer> eligible = all.stream().filter(Answer::mayAutoShip).toList();
                    String sameEligible = auto.get(1).isEmpty() ? "–" : "%.3f".formatted(
                            hindsightCoverage(eligible, accuracy(auto.get(1))) * eligible.size() / all.size());
                    System.out.printf("| %.2f | %s | %d (%d) | %.3f | %s | %s | %s | %s | %s |%n", target, validationRule.name(), validated,
                            validatedSmall, hindsightCoverage(all, target), autoShip(auto.get(0), all.size()),
                            autoShip(auto.get(1), all.size()), samePrecision, sameEligible, autoShip(auto.get(2), smallLater[0]));
                }
            }
            List<Answer> later = new ArrayList<>();
            population.forEach(c -> later.addAll(answers(ShipmentModelTrainer.standard(clock).train(c.id(), c.known()), c.later())));
            System.out.printf("later answers resting on a value the order did not give (never auto-shipped): %.1f%% (right: %s)%n",
                    100.0 * later.stream().filter(a -> !a.mayAutoShip()).count() / later.size(),
                    "%.3f".formatted(accuracy(later.stream().filter(a -> !a.mayAutoShip()).toList())));
            System.out.println();
            System.out.println("| rule | validation answers at >= 0.9, small customers: right (answers) | large customers | later answers at >= 0.9 of validated models, small | large |");
            System.out.println("|---|---|---|---|---|");
            System.out.print(meaning);
        }
    }

    private static String share(int[] answersRight) {
        return answersRight[0] == 0 ? "–" : "%.3f (%d)".formatted(answersRight[1] / (double) answersRight[0], answersRight[0]);
    }
}
