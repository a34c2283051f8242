package dev.autoship.operator.crd;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pod counts given as a number or a percentage, resolved the way Kubernetes resolves them. */
public final class PodCounts {

    /** What Kubernetes accepts as a percentage (leading zeros included); the schema's CEL rules use the same. */
    public static final String PERCENT_PATTERN = "^[0-9]+%$";
    /** A percentage of at most 100%. */
    public static final String PERCENT_UP_TO_ALL_PATTERN = "^0*(100|[1-9]?[0-9])%$";
    private static final Pattern PERCENT = Pattern.compile("([0-9]+)%");
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    private PodCounts() {
    }

    /** The percentage in {@code value}, if it is one ("25%" gives 25). */
    public static Optional<Integer> percent(IntOrString value) {
        if (value == null || value.getStrVal() == null) {
            return Optional.empty();
        }
        Matcher m = PERCENT.matcher(value.getStrVal());
        // an absurd percentage saturates: it is over 100 all the same
        return m.matches() ? Optional.of(new BigInteger(m.group(1)).min(INT_MAX).intValueExact()) : Optional.empty();
    }

    /** {@code value} out of {@code total} pods, percentages rounded down (as for maxUnavailable). */
    public static int roundedDown(IntOrString value, int total) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        return percent(value).map(p -> (int) ((long) total * p / 100)).orElse(0);
    }
}
