package dev.autoship.predictor.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Frequency encoding of the categorical fields: for each one-hot feature of a training set ({@code state=AK}), the
 * share of the training rows that have it. An order then also has, per categorical field, the share of its value
 * ({@code share:state}), so one split can group the rare values of a field (two remote states, a handful of
 * countries), which the one-hot columns can only separate one at a time. Label-free: nothing of the labels leaks.
 * A value the training set did not have counts as absent (0: rarer than any seen).
 *
 * @param byCategory the share (0..1] of each one-hot feature name
 */
record CategoryShares(Map<String, Double> byCategory) {

    /** Prefix of the share features; the field's name follows. */
    static final String PREFIX = "share:";

    static final CategoryShares NONE = new CategoryShares(Map.of());

    CategoryShares {
        byCategory = Map.copyOf(byCategory);
    }

    /** The shares of the categorical features ({@link OrderFeatures#isCategory}) of {@code rows}. */
    static CategoryShares of(FeatureRows rows) {
        Map<String, Integer> counts = new HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            for (String name : rows.names(r)) {
                if (OrderFeatures.isCategory(name)) {
                    counts.merge(name, 1, Integer::sum);
                }
            }
        }
        Map<String, Double> shares = new HashMap<>();
        counts.forEach((name, count) -> shares.put(name, (double) count / rows.size()));
        return new CategoryShares(shares);
    }

    /** Adds the share feature of the categorical feature {@code name}, if the training set had it. */
    void extract(String name, OrderFeatures.Sink example) {
        extract(name, shareName(name), example);
    }

    /** {@link #extract(String, OrderFeatures.Sink)} with the share feature's name ({@link #shareName}) given. */
    void extract(String name, String shareFeature, OrderFeatures.Sink example) {
        Double share = byCategory.get(name);
        if (share != null) {
            example.add(shareFeature, share);
        }
    }

    /**
     * For each of {@code fields} (one-hot prefixes such as {@code store=}) that fewer than
     * {@link FeatureColumns#RARELY_ABSENT_SHARE} of the training rows lacked, its usual value ({@code country=US}) if
     * more than half of the rows that have the field have that value: what an order that lacks the field more likely
     * has than not, as a quantity that (nearly) every row had counts as its median
     * ({@link FeatureColumns#valueWhenAbsent}). Where no value is that common (a shop selling through three stores
     * alike), the order keeps the field absent: none of the one-hot values the trees split on, which measured better
     * than the most common of several.
     */
    Map<String, String> usualValues(java.util.Collection<String> fields) {
        Map<String, String> usual = new HashMap<>();
        for (String field : fields) {
            double present = 0;
            String best = null;
            double bestShare = 0;
            for (Map.Entry<String, Double> category : byCategory.entrySet()) {
                if (!category.getKey().startsWith(field)) {
                    continue;
                }
                present += category.getValue();
                if (category.getValue() > bestShare
                        || category.getValue() == bestShare && category.getKey().compareTo(best) < 0) {
                    best = category.getKey();
                    bestShare = category.getValue();
                }
            }
            if (best != null && 1 - present < FeatureColumns.RARELY_ABSENT_SHARE && bestShare > present / 2) {
                usual.put(field, best);
            }
        }
        return Map.copyOf(usual);
    }

    /** {@code share:state} for {@code state=AK}. */
    static String shareName(String category) {
        return PREFIX + category.substring(0, category.indexOf('='));
    }
}
