package dev.autoship.operator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * A resource quantity as a real API server stores it: apimachinery's {@code resource.Quantity} parsed, rounded up
 * (away from zero) to nano units and printed in its canonical form. Used by {@link ApiServerDefaults} only.
 *
 * <p>Deliberately written apart from the operator's own {@code CanonicalQuantity} (whole numbers of nano units
 * here, BigDecimal scales there), from the rules documented on the Quantity type, and held to apimachinery's
 * published test vectors ({@code ApiServerQuantityTest}): a test comparing what the operator writes with what this
 * stores can only fail if the two disagree.
 */
final class ApiServerQuantity {

    /** The three ways a quantity can be written; the canonical form keeps the one it was written in. */
    enum Family { BINARY_SI, DECIMAL_SI, DECIMAL_EXPONENT }

    private static final BigInteger THOUSAND = BigInteger.valueOf(1000);
    private static final BigInteger KIBI = BigInteger.valueOf(1024);
    private static final int NANO_DIGITS = 9;
    private static final BigInteger NANOS_PER_UNIT = BigInteger.TEN.pow(NANO_DIGITS);
    /** Binary values are capped at the largest int64, as apimachinery does. */
    private static final BigInteger BINARY_CAP = BigInteger.valueOf(Long.MAX_VALUE).multiply(NANOS_PER_UNIT);
    /** Keeps absurd exponents ("1e99999") from building huge numbers; such text is refused. */
    private static final int EXPONENT_LIMIT = 400;
    private static final List<String> BINARY_SUFFIXES = List.of("Ki", "Mi", "Gi", "Ti", "Pi", "Ei");
    private static final String DECIMAL_SUFFIXES = "num kMGTPE";

    private final boolean negative;
    /** Magnitude in units of 10^-9. */
    private final BigInteger nanos;
    private final Family family;

    private ApiServerQuantity(boolean negative, BigInteger nanos, Family family) {
        this.negative = negative && nanos.signum() != 0;
        this.nanos = nanos;
        this.family = family;
    }

    /** The quantity {@code text} denotes; IllegalArgumentException if the server would refuse it. */
    static ApiServerQuantity parse(String text) {
        int at = 0;
        boolean negative = false;
        if (at < text.length() && (text.charAt(at) == '+' || text.charAt(at) == '-')) {
            negative = text.charAt(at) == '-';
            at++;
        }
        int wholeStart = at;
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
            at++;
        }
        String whole = text.substring(wholeStart, at);
        String fraction = "";
        if (at < text.length() && text.charAt(at) == '.') {
            int fractionStart = ++at;
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            fraction = text.substring(fractionStart, at);
        }
        if (whole.isEmpty() && fraction.isEmpty()) {
            throw invalid(text);
        }
        BigInteger digits = new BigInteger(whole + fraction);
        String suffix = text.substring(at);
        int binaryIndex = BINARY_SUFFIXES.indexOf(suffix);
        if (binaryIndex >= 0) {
            BigInteger magnitude = scaled(digits.shiftLeft(10 * (binaryIndex + 1)), NANO_DIGITS - fraction.length());
            // below one unit a binary value is only ever printed as a decimal one
            boolean belowOne = magnitude.signum() > 0 && magnitude.compareTo(NANOS_PER_UNIT) < 0;
            return new ApiServerQuantity(negative, magnitude.min(BINARY_CAP),
                    belowOne ? Family.DECIMAL_SI : Family.BINARY_SI);
        }
        if (suffix.length() <= 1 && (suffix.isEmpty() || DECIMAL_SUFFIXES.indexOf(suffix.charAt(0)) >= 0)
                && !suffix.equals(" ")) {
            int power = suffix.isEmpty() ? 0 : 3 * (DECIMAL_SUFFIXES.indexOf(suffix.charAt(0)) - 3);
            return new ApiServerQuantity(negative, scaled(digits, NANO_DIGITS - fraction.length() + power),
                    Family.DECIMAL_SI);
        }
        if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            String exponent = suffix.substring(1);
            if (!exponent.matches("[+-]?[0-9]{1,4}") || Math.abs(Integer.parseInt(exponent)) > EXPONENT_LIMIT) {
                throw invalid(text);
            }
            return new ApiServerQuantity(negative,
                    scaled(digits, NANO_DIGITS - fraction.length() + Integer.parseInt(exponent)),
                    Family.DECIMAL_EXPONENT);
        }
        throw invalid(text);
    }

    /** A quantity of {@code value} written in {@code family} (for the vectors that state one that way). */
    static ApiServerQuantity of(BigDecimal value, Family family) {
        return new ApiServerQuantity(value.signum() < 0,
                scaled(value.abs().unscaledValue(), NANO_DIGITS - value.scale()), family);
    }

    /** Rounded up, away from zero, to a multiple of 10^{@code scale}: what defaulting does to every ResourceList. */
    ApiServerQuantity roundedUp(int scale) {
        BigInteger step = BigInteger.TEN.pow(NANO_DIGITS + scale);
        BigInteger[] parts = nanos.divideAndRemainder(step);
        BigInteger rounded = parts[1].signum() == 0 ? nanos : parts[0].add(BigInteger.ONE).multiply(step);
        return new ApiServerQuantity(negative, rounded, family);
    }

    /** The exact value (after rounding up to nano units). */
    BigDecimal value() {
        BigDecimal magnitude = new BigDecimal(nanos, NANO_DIGITS);
        return negative ? magnitude.negate() : magnitude;
    }

    Family family() {
        return family;
    }

    /** The text the server stores and serves. */
    String canonical() {
        if (nanos.signum() == 0) {
            return "0";
        }
        String sign = negative ? "-" : "";
        BigInteger[] units = nanos.divideAndRemainder(NANOS_PER_UNIT);
        if (family == Family.BINARY_SI && units[1].signum() == 0 && units[0].compareTo(KIBI) >= 0) {
            BigInteger mantissa = units[0];
            int suffix = -1;
            while (suffix < BINARY_SUFFIXES.size() - 1 && mantissa.mod(KIBI).signum() == 0) {
                mantissa = mantissa.divide(KIBI);
                suffix++;
            }
            return sign + mantissa + (suffix < 0 ? "" : BINARY_SUFFIXES.get(suffix));
        }
        BigInteger mantissa = nanos;
        int exponent = -NANO_DIGITS;
        while (mantissa.mod(THOUSAND).signum() == 0) {
            mantissa = mantissa.divide(THOUSAND);
            exponent += 3;
        }
        if (family == Family.DECIMAL_EXPONENT || exponent > 18) {
            // DecimalSI has no suffix beyond E (10^18): apimachinery falls back to the exponent form
            return sign + mantissa + (exponent == 0 ? "" : "e" + exponent);
        }
        char suffix = DECIMAL_SUFFIXES.charAt(exponent / 3 + 3);
        return sign + mantissa + (suffix == ' ' ? "" : String.valueOf(suffix));
    }

    @Override
    public String toString() {
        return canonical();
    }

    /** {@code digits} times 10^{@code power}, rounded up when the power is negative. */
    private static BigInteger scaled(BigInteger digits, int power) {
        if (power >= 0) {
            return digits.multiply(BigInteger.TEN.pow(power));
        }
        BigInteger[] parts = digits.divideAndRemainder(BigInteger.TEN.pow(-power));
        return parts[1].signum() == 0 ? parts[0] : parts[0].add(BigInteger.ONE);
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("quantities must match the regular expression "
                + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$', got '" + text + "'");
    }
}
