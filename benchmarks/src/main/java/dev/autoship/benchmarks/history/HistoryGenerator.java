package dev.autoship.benchmarks.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic shipment histories with learnable structure (rules over destination, requested
 * service, weight, size and residential, a policy change halfway through the window, and label noise),
 * so that training and inference cost what they cost on real data rather than on noise.
 */
public final class HistoryGenerator {
    private static final String[] STORES = {"web", "amazon", "ebay", "shopify"};
    private static final String[] STATES = {"CA", "NY", "TX", "WA", "FL", "IL", "OH", "GA", "NC", "MI"};
    private static final String[] COUNTRIES = {"CA", "GB", "DE", "AU", "MX"};
    private static final String[] REQUESTED = {"standard", "standard", "standard", "expedited", "overnight"};
    private static final ShipmentChoice FIRST_CLASS = new ShipmentChoice("usps", "first_class", "envelope");
    private static final ShipmentChoice PRIORITY = new ShipmentChoice("usps", "priority_mail", "package");
    private static final ShipmentChoice GROUND = new ShipmentChoice("ups", "ground", "package");
    private static final ShipmentChoice FEDEX_HOME = new ShipmentChoice("fedex", "home_delivery", "package");
    private static final ShipmentChoice NEXT_DAY = new ShipmentChoice("ups", "next_day_air", "ups_letter");
    private static final ShipmentChoice TWO_DAY = new ShipmentChoice("fedex", "2day", "fedex_pak");
    private static final ShipmentChoice INTERNATIONAL = new ShipmentChoice("dhl", "express_worldwide", "package");
    private static final ShipmentChoice INTERNATIONAL_LIGHT = new ShipmentChoice("usps", "first_class_international", "envelope");
    private static final List<ShipmentChoice> ALL = List.of(FIRST_CLASS, PRIORITY, GROUND, FEDEX_HOME, NEXT_DAY, TWO_DAY,
            INTERNATIONAL, INTERNATIONAL_LIGHT);
    private static final double NOISE = 0.05;
    private static final Duration SPAN = Duration.ofDays(80);

    private final Instant now;

    public HistoryGenerator(Instant now) {
        this.now = now;
    }

    public static String customerId(int index) {
        return "bench-%05d".formatted(index);
    }

    /** {@code count} shipments of one customer, newest first, all inside the last 80 days. */
    public List<ShipmentDocument> shipments(String customerId, int count) {
        SplittableRandom random = new SplittableRandom(customerId.hashCode());
        List<ShipmentDocument> shipments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant shippedAt = now.minus(SPAN.multipliedBy(i).dividedBy(Math.max(1, count)));
            boolean afterPolicyChange = i < count / 2;
            Order order = order(random);
            ShipmentChoice choice = random.nextDouble() < NOISE
                    ? ALL.get(random.nextInt(ALL.size()))
                    : rule(order, afterPolicyChange);
            shipments.add(new ShipmentDocument(customerId, customerId + "-o" + i, shippedAt.toString(), order, choice));
        }
        return shipments;
    }

    /** Orders as the main application would send them, for prediction requests. */
    public List<Order> orders(String customerId, int count) {
        SplittableRandom random = new SplittableRandom(~customerId.hashCode());
        List<Order> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            orders.add(order(random));
        }
        return orders;
    }

    private static Order order(SplittableRandom random) {
        boolean domestic = random.nextDouble() < 0.85;
        double weight = Math.round(Math.exp(random.nextDouble(0.5, 6.5)) * 10) / 10.0;
        double length = Math.round(random.nextDouble(4, 30) * 10) / 10.0;
        Order.ShipTo shipTo = domestic
                ? new Order.ShipTo("US", STATES[random.nextInt(STATES.length)], "%05d".formatted(random.nextInt(1000, 99999)),
                random.nextDouble() < 0.7)
                : new Order.ShipTo(COUNTRIES[random.nextInt(COUNTRIES.length)], null, "X" + random.nextInt(1000, 9999),
                random.nextBoolean());
        return new Order(weight, length, Math.round(length * random.nextDouble(0.3, 1.0) * 10) / 10.0,
                Math.round(random.nextDouble(1, 12) * 10) / 10.0, Math.round(random.nextDouble(5, 500) * 100) / 100.0,
                1 + random.nextInt(6), STORES[random.nextInt(STORES.length)], REQUESTED[random.nextInt(REQUESTED.length)],
                shipTo);
    }

    private static ShipmentChoice rule(Order order, boolean afterPolicyChange) {
        if (!"US".equals(order.shipTo().country())) {
            return order.weightOz() < 16 ? INTERNATIONAL_LIGHT : INTERNATIONAL;
        }
        if ("overnight".equals(order.requestedService())) {
            return NEXT_DAY;
        }
        if ("expedited".equals(order.requestedService())) {
            return order.orderTotal() > 150 ? TWO_DAY : PRIORITY;
        }
        if (order.weightOz() < 16 && order.heightIn() < 2) {
            return FIRST_CLASS;
        }
        if (order.weightOz() > 160 || order.lengthIn() > 24) {
            return afterPolicyChange && order.shipTo().residential() ? FEDEX_HOME : GROUND;
        }
        return order.shipTo().residential() ? PRIORITY : GROUND;
    }
}
