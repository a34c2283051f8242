package dev.autoship.operator.crd;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** ISO-8601 durations as the predictor reads them (java.time.Duration: days, hours, minutes, seconds). */
public final class Durations {

    /** RE2-compatible (no look-ahead): the API server checks this; {@link #problem} catches what it lets through. */
    public static final String PATTERN = "^P([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+([.][0-9]+)?S)?)?$";

    private Durations() {
    }

    /** Why {@code value} is not a positive duration, or empty when it is one (or unset). */
    public static Optional<String> problem(String field, String value) {
        return problem(field, value, false);
    }

    /** Why {@code value} is not a duration of zero or more, or empty when it is one (or unset). */
    public static Optional<String> nonNegativeProblem(String field, String value) {
        return problem(field, value, true);
    }

    private static Optional<String> problem(String field, String value, boolean zeroAllowed) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            Duration parsed = Duration.parse(value);
            return parsed.isNegative() || (parsed.isZero() && !zeroAllowed)
                    ? Optional.of(field + " must be a " + (zeroAllowed ? "" : "positive ") + "duration"
                            + (zeroAllowed ? " (PT0S or more)" : "") + ", got " + value)
                    : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.of(field + " must be an ISO-8601 duration such as PT5S or P90D, got " + value);
        }
    }
}
