package dev.autoship.benchmarks.history;

import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.order.Order;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Histories from the predictor's own generator (the one its accuracy is measured on: per-customer
 * decision lists, a policy change, label noise), for as many customers and shipments as a benchmark
 * needs, and fresh orders of the same customers to predict.
 */
public final class GeneratedCustomers {
    private final DemoDataSet dataSet;

    public GeneratedCustomers(Instant anchor) {
        this.dataSet = new DemoDataSet(anchor);
    }

    public static String customerId(int index) {
        return "bench-%05d".formatted(index);
    }

    /** {@code count} shipments of the customer, newest first, inside {@link #historyWindowDays()} of the anchor. */
    public List<Shipment> history(String customerId, int count) {
        return dataSet.generate(customerId, count).stream().map(DemoShipment::shipment).toList();
    }

    /** Orders the customer did not train on, drawn from the same habits as its history of {@code historySize}. */
    public List<Order> freshOrders(String customerId, int historySize, int count) {
        Set<String> trained = dataSet.generate(customerId, historySize).stream()
                .map(s -> s.shipment().order().orderId()).collect(Collectors.toSet());
        return dataSet.generate(customerId, historySize + count).stream()
                .map(s -> s.shipment().order())
                .filter(order -> !trained.contains(order.orderId()))
                .toList();
    }

    /** How many shipments of the embedded demo customer the predictor holds (0 for unknown ids). */
    public int embeddedHistorySize(String customerId) {
        return dataSet.shipments(customerId).size();
    }

    /** The generator spreads shipments over 120 days; the predictor's window must cover them all. */
    public static int historyWindowDays() {
        return 121;
    }
}
