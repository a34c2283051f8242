package dev.autoship.predictor.model;

/**
 * Validation answers whose confidence fell in {@code [from, to)} ({@code [from, to]} for the last band): how many
 * there were and the share of them that was right ({@code NaN} when none).
 */
public record ConfidenceBand(double from, double to, int examples, double accuracy) {
}
