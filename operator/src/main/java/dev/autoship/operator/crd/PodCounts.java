package dev.autoship.operator.crd;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pod counts given as a number or a percentage, resolved the way Kubernetes resolves them. */
public final class PodCounts {

    private static final Pattern PERCENT = Pattern.compile("([0-9]{1,9})%");

    private PodCounts() {
    }

    /** The percentage in {@code value}, if it is one ("25%" gives 25). */
    public static Optional<Integer> percent(IntOrString value) {
        if (value == null || value.getStrVal() == null) {
            return Optional.empty();
        }
        Matcher m = PERCENT.matcher(value.getStrVal());
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** {@code value} out of {@code total} pods, percentages rounded down (as for maxUnavailable). */
    public static int roundedDown(IntOrString value, int total) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        return percent(value).map(p -> (int) ((long) total * p / 100)).orElse(0);
    }
}
