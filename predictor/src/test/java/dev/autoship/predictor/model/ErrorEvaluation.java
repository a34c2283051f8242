package dev.autoship.predictor.model;

import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.history.ShipmentChoice;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the shipped forest's remaining errors on the later orders are, on the generator, whose shipments carry the
 * choice their customer's rules made ({@link DemoShipment#ruleChoice()}): an error is label noise where the answer is
 * the rule's choice but the recorded shipment is not; otherwise the model missed the rule's choice, which its
 * customer's known shipments made often, rarely or never (a policy that changed too recently for the history to
 * show it). Same populations and split as {@link ValidationEvaluation} ({@code -Dexec.args=errors}).
 */
final class ErrorEvaluation {

    /** A rule's choice made by fewer of the customer's known shipments than this counts as rare. */
    static final int RARE = 10;

    private ErrorEvaluation() {
    }

    private record Tally(String group, int[] counts) {
        // orders, right, noise, never made, rare, often, rule's own accuracy, ceiling of a learner of the seen rules
        Tally(String group) {
            this(group, new int[8]);
        }

        void add(Tally other) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += other.counts[i];
            }
        }

        String row(double noise) {
            double n = counts[0];
            return "| %.0f%% | %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |".formatted(noise * 100, group,
                    counts[0], counts[1] / n, counts[6] / n, counts[7] / n, counts[2] / n, counts[3] / n, counts[4] / n,
                    counts[5] / n);
        }
    }

    static void compare() {
        Clock clock = Clock.fixed(ValidationEvaluation.ANCHOR, ZoneOffset.UTC);
        ShipmentModelTrainer trainer = ShipmentModelTrainer.standard(clock);
        System.out.println("| label noise | customers | later orders | accuracy | the rules' own accuracy (noise ceiling) | a learner of every rule choice the history made | wrong: label noise (answer = rule's choice) | wrong, rule's choice never made in the history | made 1–" + (RARE - 1) + " times | made more often |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (double noise : ValidationEvaluation.NOISES) {
            Tally small = new Tally("small (< 300 in the window)");
            Tally large = new Tally("300 and more");
            DemoDataSet data = new DemoDataSet(ValidationEvaluation.ANCHOR, noise);
            for (Map.Entry<String, List<DemoShipment>> customer : ValidationEvaluation.generated(data).entrySet()) {
                List<DemoShipment> window = inWindow(customer.getValue());
                List<DemoShipment> later = window.subList(0, window.size() / 5);
                List<DemoShipment> known = window.subList(window.size() / 5, window.size());
                Map<ShipmentChoice, Integer> made = new HashMap<>();
                known.forEach(s -> made.merge(s.ruleChoice(), 1, Integer::sum));
                ShipmentModel model = trainer.train(customer.getKey(), known.stream().map(DemoShipment::shipment).toList());
                int[] counts = (window.size() < 300 ? small : large).counts();
                for (DemoShipment order : later) {
                    Shipment recorded = order.shipment();
                    ShipmentChoice answer = model.predict(recorded.order(), recorded.shippedAt()).shipment();
                    boolean ruleRecorded = recorded.shipment().equals(order.ruleChoice());
                    int times = made.getOrDefault(order.ruleChoice(), 0);
                    counts[0]++;
                    counts[6] += ruleRecorded ? 1 : 0;
                    counts[7] += ruleRecorded && times > 0 ? 1 : 0;
                    if (answer.equals(recorded.shipment())) {
                        counts[1]++;
                    } else if (answer.equals(order.ruleChoice())) {
                        counts[2]++;
                    } else if (ruleRecorded) {
                        counts[times == 0 ? 3 : times < RARE ? 4 : 5]++;
                    }
                }
            }
            Tally all = new Tally("all");
            all.add(small);
            all.add(large);
            for (Tally tally : List.of(small, large, all)) {
                System.out.println(tally.row(noise));
            }
        }
        System.out.println("(an error on an order whose recorded shipment is noise and whose answer is not the rule's choice either is counted in neither column)");
    }

    private static List<DemoShipment> inWindow(List<DemoShipment> all) {
        Instant start = ValidationEvaluation.ANCHOR.minus(ValidationEvaluation.WINDOW);
        return new ArrayList<>(all.stream().filter(s -> !s.shipment().shippedAt().isBefore(start)).toList());
    }
}
