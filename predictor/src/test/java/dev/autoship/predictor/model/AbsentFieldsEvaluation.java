package dev.autoship.predictor.model;

import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.order.Order;
import dev.autoship.predictor.order.ShipTo;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * How well the models answer orders that lack a field their customer's history had: the main application may ask
 * before an order is weighed or packed. The populations of {@link ValidationEvaluation}; each later order is asked
 * once with every field and once without each field below, of the model trained on the older orders
 * ({@code -Dexec.args=absent}).
 */
final class AbsentFieldsEvaluation {

    private static final OptionalDouble NONE = OptionalDouble.empty();

    private static final Map<String, UnaryOperator<Order>> WITHOUT = new java.util.LinkedHashMap<>();

    static {
        WITHOUT.put("every field", order -> order);
        WITHOUT.put("no weight", o -> new Order(o.orderId(), NONE, o.lengthIn(), o.widthIn(), o.heightIn(),
                o.orderTotal(), o.itemCount(), o.store(), o.requestedService(), o.shipTo()));
        WITHOUT.put("no order total", o -> new Order(o.orderId(), o.weightOz(), o.lengthIn(), o.widthIn(), o.heightIn(),
                NONE, o.itemCount(), o.store(), o.requestedService(), o.shipTo()));
        WITHOUT.put("no item count", o -> new Order(o.orderId(), o.weightOz(), o.lengthIn(), o.widthIn(), o.heightIn(),
                o.orderTotal(), OptionalInt.empty(), o.store(), o.requestedService(), o.shipTo()));
        WITHOUT.put("no dimensions", o -> new Order(o.orderId(), o.weightOz(), NONE, NONE, NONE, o.orderTotal(),
                o.itemCount(), o.store(), o.requestedService(), o.shipTo()));
        WITHOUT.put("no store", o -> new Order(o.orderId(), o.weightOz(), o.lengthIn(), o.widthIn(), o.heightIn(),
                o.orderTotal(), o.itemCount(), java.util.Optional.empty(), o.requestedService(), o.shipTo()));
        WITHOUT.put("no requested service", o -> new Order(o.orderId(), o.weightOz(), o.lengthIn(), o.widthIn(),
                o.heightIn(), o.orderTotal(), o.itemCount(), o.store(), java.util.Optional.empty(), o.shipTo()));
        WITHOUT.put("no country", o -> new Order(o.orderId(), o.weightOz(), o.lengthIn(), o.widthIn(), o.heightIn(),
                o.orderTotal(), o.itemCount(), o.store(), o.requestedService(), new ShipTo(java.util.Optional.empty(),
                        o.shipTo().state(), o.shipTo().postalCode(), o.shipTo().residential())));
        WITHOUT.put("no postal code", o -> new Order(o.orderId(), o.weightOz(), o.lengthIn(), o.widthIn(), o.heightIn(),
                o.orderTotal(), o.itemCount(), o.store(), o.requestedService(), new ShipTo(o.shipTo().country(),
                        o.shipTo().state(), java.util.Optional.empty(), o.shipTo().residential())));
        WITHOUT.put("no weight, no dimensions", o -> new Order(o.orderId(), NONE, NONE, NONE, NONE, o.orderTotal(),
                o.itemCount(), o.store(), o.requestedService(), o.shipTo()));
    }

    private AbsentFieldsEvaluation() {
    }

    static void compare() {
        Clock clock = Clock.fixed(ValidationEvaluation.ANCHOR, ZoneOffset.UTC);
        System.out.println("| label noise | " + String.join(" | ", WITHOUT.keySet()) + " |");
        System.out.println("|---|" + "---|".repeat(WITHOUT.size()));
        for (double noise : ValidationEvaluation.NOISES) {
            int[] right = new int[WITHOUT.size()];
            int asked = 0;
            for (ValidationEvaluation.Customer customer : ValidationEvaluation.population(noise)) {
                ShipmentModel model = ShipmentModelTrainer.standard(clock).train(customer.id(), customer.known());
                for (Shipment later : customer.later()) {
                    asked++;
                    int column = 0;
                    for (UnaryOperator<Order> without : WITHOUT.values()) {
                        boolean answered = model.predict(without.apply(later.order()), later.shippedAt()).shipment()
                                .equals(later.shipment());
                        right[column++] += answered ? 1 : 0;
                    }
                }
            }
            StringBuilder row = new StringBuilder("| %.0f%% |".formatted(noise * 100));
            for (int r : right) {
                row.append(" %.3f |".formatted(r / (double) asked));
            }
            System.out.println(row);
        }
    }

}
