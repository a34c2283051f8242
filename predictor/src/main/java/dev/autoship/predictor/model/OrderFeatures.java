package dev.autoship.predictor.model;

import dev.autoship.predictor.order.Order;

import java.time.Instant;

/**
 * Turns an order into model features: numbers as they are, derived sizes, categorical fields one-hot
 * ({@code store=amazon}), and the shipping day so trees can tell policies before and after a change
 * apart (at prediction time the day is today, i.e. the newest policy).
 */
public final class OrderFeatures {

    /** Always present, so every order shares at least one feature with every model. */
    static final String BIAS = "bias";

    private final boolean withDay;

    /** @param withDay whether the shipping day is a feature (measured: see the README) */
    public OrderFeatures(boolean withDay) {
        this.withDay = withDay;
    }

    /** Names this feature set in stored models; a model built on other features is not loaded. */
    public String signature() {
        return withDay ? "order-features-1+day" : "order-features-1";
    }

    /** Receives an order's features one by one. */
    @FunctionalInterface
    public interface Sink {
        void add(String name, double value);
    }

    /** Hands each feature of the order to {@code example}, in a fixed order, absent fields skipped. */
    public void extract(Order order, Instant shippedAt, Sink example) {
        example.add(BIAS, 1);
        if (order.weightOz().isPresent()) {
            example.add("weightOz", order.weightOz().getAsDouble());
        }
        if (order.orderTotal().isPresent()) {
            example.add("orderTotal", order.orderTotal().getAsDouble());
        }
        if (order.itemCount().isPresent()) {
            example.add("itemCount", order.itemCount().getAsInt());
        }
        if (order.lengthIn().isPresent() && order.widthIn().isPresent() && order.heightIn().isPresent()) {
            double l = order.lengthIn().getAsDouble();
            double w = order.widthIn().getAsDouble();
            double h = order.heightIn().getAsDouble();
            double longest = Math.max(l, Math.max(w, h));
            example.add("hasDimensions", 1);
            example.add("longestIn", longest);
            example.add("girthIn", longest + 2 * (l + w + h - longest));
            example.add("volumeIn3", l * w * h);
        }
        if (order.store().isPresent()) {
            example.add("store=" + order.store().get(), 1);
        }
        if (order.requestedService().isPresent()) {
            example.add("service=" + order.requestedService().get(), 1);
        }
        if (order.shipTo().country().isPresent()) {
            example.add("country=" + order.shipTo().country().get(), 1);
        }
        if (order.shipTo().state().isPresent()) {
            example.add("state=" + order.shipTo().state().get(), 1);
        }
        if (order.shipTo().postalCode().isPresent()) {
            example.add("zip1=" + order.shipTo().postalCode().get().charAt(0), 1);
        }
        if (order.shipTo().residential()) {
            example.add("residential", 1);
        }
        if (withDay) {
            example.add("day", shippedAt.getEpochSecond() / 86_400.0);
        }
    }
}
