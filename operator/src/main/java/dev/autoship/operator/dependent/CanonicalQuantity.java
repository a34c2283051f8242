package dev.autoship.operator.dependent;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource quantity in the form the API server stores it (apimachinery's {@code resource.Quantity}):
 * "0.5" becomes "500m", "1024Mi" "1Gi", "1.5Gi" "1536Mi". Without SSA, JOSDK compares what the operator wants
 * with what the server stored, so wanting "0.5" where "500m" is stored would rewrite the Deployment on every
 * resync. fabric8's {@link Quantity} parses quantities but keeps the text as written.
 *
 * <p>Kubernetes' rules: the suffix family of the input is kept (decimal SI, binary SI, or decimal exponent);
 * the value is rounded up to nano precision; the output has no fraction and the largest suffix that keeps it
 * exact; binary values below 1024 or with a fraction are written in decimal SI; binary values are capped at
 * 2^63-1; zero is "0". Decimal SI values of 1000E and more are refused (see {@link #of(String)}).
 */
public final class CanonicalQuantity {

    private static final Pattern SYNTAX =
            Pattern.compile("([+-]?)([0-9]*)(?:\\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)");
    private static final Map<String, Integer> DECIMAL_SI = Map.of(
            "n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
    private static final Map<String, Integer> BINARY_SI = Map.of(
            "Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50, "Ei", 60);
    private static final int NANO_SCALE = 9;
    private static final int MILLI_SCALE = 3;
    /** Far beyond anything a resource can hold; keeps BigDecimal arithmetic bounded for absurd exponents. */
    private static final int MAX_EXPONENT = 1000;
    private static final BigDecimal BINARY_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal BINARY_MIN_SUFFIXED = BigDecimal.valueOf(1024);
    private static final BigInteger KIBI = BigInteger.valueOf(1024);

    private enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

    private CanonicalQuantity() {
    }

    /** The canonical text of {@code quantity}; IllegalArgumentException naming the text if it is no quantity. */
    public static String of(String quantity) {
        return parse(quantity).text(quantity);
    }

    /** {@code quantity} in canonical form, as fabric8 serializes it; null stays null. */
    public static Quantity of(Quantity quantity) {
        return quantity == null ? null : new Quantity(of(quantity.toString()));
    }

    /**
     * A container resource request or limit as the server stores it: the API server's defaulting rounds every
     * value of a ResourceList up to milli units ("100u" is stored as "1m", "1.0005" as "1001m") before it is
     * written in canonical form.
     */
    public static String resource(String quantity) {
        Parsed parsed = parse(quantity);
        BigDecimal milli = parsed.value().scale() > MILLI_SCALE
                ? parsed.value().setScale(MILLI_SCALE, RoundingMode.UP) : parsed.value();
        return new Parsed(milli, parsed.format()).text(quantity);
    }

    /** {@link #resource(String)} of a fabric8 quantity; null stays null. */
    public static Quantity resource(Quantity quantity) {
        return quantity == null ? null : new Quantity(resource(quantity.toString()));
    }

    /** The exact value; IllegalArgumentException naming the text if it is no quantity. */
    public static BigDecimal value(String quantity) {
        return parse(quantity).value();
    }

    private record Parsed(BigDecimal value, Format format) {

        String text(String original) {
            if (value.signum() == 0) {
                return "0";
            }
            Format written = format;
            if (written == Format.BINARY_SI && (value.abs().compareTo(BINARY_MIN_SUFFIXED) < 0
                    || value.stripTrailingZeros().scale() > 0)) {
                written = Format.DECIMAL_SI;
            }
            return written == Format.BINARY_SI ? binary(value.toBigIntegerExact()) : decimal(value, written, original);
        }
    }

    private static Parsed parse(String quantity) {
        String text = quantity == null ? "" : quantity.strip();
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches() || (m.group(2).isEmpty() && (m.group(3) == null || m.group(3).isEmpty()))) {
            throw notAQuantity(quantity);
        }
        String suffix = m.group(4);
        Format format;
        int exponent;
        if (DECIMAL_SI.containsKey(suffix)) {
            format = Format.DECIMAL_SI;
            exponent = DECIMAL_SI.get(suffix);
        } else if (BINARY_SI.containsKey(suffix)) {
            format = Format.BINARY_SI;
            exponent = BINARY_SI.get(suffix);
        } else if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            format = Format.DECIMAL_EXPONENT;
            try {
                exponent = Integer.parseInt(suffix.substring(1));
            } catch (NumberFormatException e) {
                throw notAQuantity(quantity);
            }
            if (Math.abs(exponent) > MAX_EXPONENT) {
                throw notAQuantity(quantity);
            }
        } else {
            throw notAQuantity(quantity);
        }
        BigDecimal number = new BigDecimal((m.group(2).isEmpty() ? "0" : m.group(2))
                + (m.group(3) == null || m.group(3).isEmpty() ? "" : "." + m.group(3)));
        BigDecimal value = format == Format.BINARY_SI
                ? number.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(exponent)))
                : number.scaleByPowerOfTen(exponent);
        if (value.scale() > NANO_SCALE) {
            // Kubernetes rounds up: whoever asks for a tiny amount gets the smallest one, not none
            value = value.setScale(NANO_SCALE, RoundingMode.UP);
        }
        if (format == Format.BINARY_SI && value.compareTo(BINARY_MAX) > 0) {
            value = BINARY_MAX;
        }
        return new Parsed("-".equals(m.group(1)) ? value.negate() : value, format);
    }

    private static String binary(BigInteger value) {
        BigInteger mantissa = value;
        int exponent = 0;
        while (exponent < 60 && mantissa.mod(KIBI).signum() == 0) {
            mantissa = mantissa.divide(KIBI);
            exponent += 10;
        }
        return mantissa + suffix(BINARY_SI, exponent).orElse("");
    }

    private static String decimal(BigDecimal value, Format format, String original) {
        BigDecimal stripped = value.stripTrailingZeros();
        BigInteger mantissa = stripped.unscaledValue();
        int exponent = -stripped.scale();
        while (exponent % 3 != 0) {
            mantissa = mantissa.multiply(BigInteger.TEN);
            exponent--;
        }
        if (format == Format.DECIMAL_EXPONENT) {
            return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
        }
        if (exponent > 18) {
            // no suffix beyond exa: recent Kubernetes writes "1e21", older releases stored a wrong value
            throw new IllegalArgumentException("'" + original + "' is too large: Kubernetes stores decimal "
                    + "quantities of 1000E and more differently from release to release; write it as e.g. 1e21");
        }
        return mantissa + suffix(DECIMAL_SI, exponent).orElseThrow();
    }

    private static Optional<String> suffix(Map<String, Integer> suffixes, int exponent) {
        return suffixes.entrySet().stream().filter(s -> s.getValue() == exponent).map(Map.Entry::getKey).findFirst();
    }

    private static IllegalArgumentException notAQuantity(String text) {
        return new IllegalArgumentException("'" + text + "' is not a Kubernetes quantity (e.g. 500m, 2, 512Mi, 1Gi)");
    }
}
