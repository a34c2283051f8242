package dev.autoship.predictor.model;

import dev.autoship.predictor.order.Order;

import java.time.Instant;
import java.util.Locale;

/**
 * Turns an order into model features: numbers as they are, derived sizes, categorical fields one-hot
 * ({@code store=amazon}), and the shipping day so trees can tell policies before and after a change
 * apart (at prediction time the day is today, i.e. the newest policy). With category shares, each categorical
 * field's value also comes as its share of the training set ({@link CategoryShares}): the features of a trained
 * model carry its training set's shares ({@link #withShares}).
 */
public final class OrderFeatures {

    /** Always present, so every order shares at least one feature with every model. */
    static final String BIAS = "bias";

    private final boolean withDay;
    private final boolean withShares;
    private final CategoryShares shares;
    /** The usual value of each categorical field the training rows (nearly) always had ({@link #FILLED_IN}). */
    private final java.util.Map<String, String> usual;

    /**
     * The categorical fields that an order lacking them counts as having their usual value, where the training set
     * (nearly) always had them: a store, a requested service, a country or a postal code missing from an order is a
     * missing datum, not a new value. Not the state, which is absent for a reason (none abroad).
     */
    static final java.util.List<String> FILLED_IN = java.util.List.of("store=", "service=", "country=", "zip1=");

    /** @param withDay whether the shipping day is a feature (measured: see the README) */
    public OrderFeatures(boolean withDay) {
        this(withDay, false, CategoryShares.NONE);
    }

    /** @param withShares whether categorical fields also come as their share of the training set (measured: README) */
    public OrderFeatures(boolean withDay, boolean withShares) {
        this(withDay, withShares, CategoryShares.NONE);
    }

    private OrderFeatures(boolean withDay, boolean withShares, CategoryShares shares) {
        this.withDay = withDay;
        this.withShares = withShares;
        this.shares = shares;
        this.usual = shares.usualValues(FILLED_IN);
    }

    /** Names this feature set in stored models; a model built on other features is not loaded. */
    public String signature() {
        return (withDay ? "order-features-1+day" : "order-features-1") + (withShares ? "+shares" : "");
    }

    boolean withShares() {
        return withShares;
    }

    /** The training set's shares these features add (none before {@link #withShares}, or without shares). */
    CategoryShares shares() {
        return shares;
    }

    /** These features with a training set's category shares (unchanged without shares). */
    OrderFeatures withShares(CategoryShares trained) {
        return withShares ? new OrderFeatures(withDay, true, trained) : this;
    }

    // the share feature of each categorical field, named once rather than on every prediction
    private static final String STORE_SHARE = CategoryShares.shareName("store=");
    private static final String SERVICE_SHARE = CategoryShares.shareName("service=");
    private static final String COUNTRY_SHARE = CategoryShares.shareName("country=");
    private static final String STATE_SHARE = CategoryShares.shareName("state=");
    private static final String ZIP1_SHARE = CategoryShares.shareName("zip1=");

    /** The measured quantities of an order among the features (see {@link #isQuantity}). */
    private static final java.util.Set<String> QUANTITIES =
            java.util.Set.of("weightOz", "orderTotal", "itemCount", "longestIn", "girthIn", "volumeIn3");

    /**
     * Whether {@code name} is a measured quantity of the order (weight, total, item count, sizes), which the main
     * application may not know yet when it asks, so that where an order lacks one it counts as a typical value
     * ({@link FeatureColumns#valueWhenAbsent}); an absent category counts as its usual value only where the history
     * (nearly) always had it and mostly with one value ({@link #FILLED_IN}), and otherwise, like an absent flag, means
     * what it says (no state abroad, a value the history never had, not residential).
     */
    static boolean isQuantity(String name) {
        return QUANTITIES.contains(name);
    }

    /** Whether {@code name} is a categorical field's one-hot feature ({@code field=value}). */
    static boolean isCategory(String name) {
        return name.indexOf('=') > 0;
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
        // an absent field counts as its usual value only with a trained model's shares, never in training rows
        String store = order.store().map(value -> "store=" + value).orElse(usual.get("store="));
        String service = order.requestedService().map(value -> "service=" + value).orElse(usual.get("service="));
        // country and state codes (and a postal code's letters) name the same place in either case: "tx" is "TX"
        String country = country(order);
        String state = order.shipTo().state().map(value -> "state=" + value.toUpperCase(Locale.ROOT)).orElse(null);
        java.util.Optional<String> postalCode = order.shipTo().postalCode();
        String zip1 = postalCode.isPresent() ? "zip1=" + Character.toUpperCase(postalCode.get().charAt(0))
                : usualPostalCode(country);
        oneHot(store, example);
        oneHot(service, example);
        oneHot(country, example);
        oneHot(state, example);
        oneHot(zip1, example);
        if (order.shipTo().residential()) {
            example.add("residential", 1);
        }
        if (withDay) {
            example.add("day", shippedAt.getEpochSecond() / 86_400.0);
        }
        if (withShares) {
            share(store, STORE_SHARE, example);
            share(service, SERVICE_SHARE, example);
            share(country, COUNTRY_SHARE, example);
            share(state, STATE_SHARE, example);
            share(zip1, ZIP1_SHARE, example);
        }
    }

    /**
     * The usual value of each categorical field an order lacking it counts as having ({@link #FILLED_IN}), by the
     * order's field name ({@code shipTo.country}: {@code US}; for the postal code, its first character).
     */
    public java.util.SortedMap<String, String> usualValues() {
        java.util.SortedMap<String, String> byField = new java.util.TreeMap<>();
        usual.forEach((prefix, category) -> byField.put(switch (prefix) {
            case "service=" -> "requestedService";
            case "country=" -> "shipTo.country";
            case "zip1=" -> "shipTo.postalCode";
            default -> prefix.substring(0, prefix.length() - 1);
        }, category.substring(prefix.length())));
        return byField;
    }

    /**
     * Whether {@link #extract} gives the order the usual value of a categorical field it lacks ({@link #FILLED_IN})
     * whose one-hot or share feature {@code used} names.
     */
    boolean fillsIn(Order order, java.util.function.Predicate<String> used) {
        if (usual.isEmpty()) {
            return false;
        }
        return fillsIn(order.store().isEmpty(), "store=", used)
                || fillsIn(order.requestedService().isEmpty(), "service=", used)
                || fillsIn(order.shipTo().country().isEmpty(), "country=", used)
                || order.shipTo().postalCode().isEmpty() && fillsIn(usualPostalCode(country(order)), used);
    }

    /**
     * The usual first character of the postal code for an order that lacks one, only where the order goes to the
     * history's usual country (given or filled in) or names none: a postal code belongs to its country, and an order
     * abroad without one (the usual case where the history ships mostly at home) must not count as a home region.
     */
    private String usualPostalCode(String country) {
        return country == null || country.equals(usual.get("country=")) ? usual.get("zip1=") : null;
    }

    /** The order's country feature as {@link #extract} gives it (or its usual value), or null. */
    private String country(Order order) {
        return order.shipTo().country().map(value -> "country=" + value.toUpperCase(Locale.ROOT))
                .orElse(usual.get("country="));
    }

    private boolean fillsIn(boolean absent, String field, java.util.function.Predicate<String> used) {
        return absent && fillsIn(usual.get(field), used);
    }

    private boolean fillsIn(String value, java.util.function.Predicate<String> used) {
        return value != null && (used.test(value) || withShares && used.test(CategoryShares.shareName(value)));
    }

    private static void oneHot(String category, Sink example) {
        if (category != null) {
            example.add(category, 1);
        }
    }

    private void share(String category, String shareFeature, Sink example) {
        if (category != null) {
            shares.extract(category, shareFeature, example);
        }
    }
}
