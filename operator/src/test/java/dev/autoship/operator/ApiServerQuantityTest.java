package dev.autoship.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.autoship.operator.ApiServerQuantity.Family;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stand-in's quantities against apimachinery's published test vectors: kubernetes/apimachinery,
 * pkg/api/resource/quantity_test.go (commit 357557a670d84c30ef3b5355f02c11d8aba5a941) — TestQuantityParse (value
 * and format of each input, stated here as unscaled value and exponent as there), TestQuantityString (canonical
 * text of a value in a format, and of its alternate spelling), TestQuantityParseEmit, TestQuantityRoundUp and the
 * invalid inputs of TestQuantityParse.
 */
class ApiServerQuantityTest {

    @ParameterizedTest(name = "{0} parses to {1}e{2} {3}")
    @CsvSource({
        "0, 0, 0, DECIMAL_SI", "0n, 0, 0, DECIMAL_SI", "0u, 0, 0, DECIMAL_SI", "0m, 0, 0, DECIMAL_SI",
        "0Ki, 0, 0, BINARY_SI", "0k, 0, 0, DECIMAL_SI", "0Mi, 0, 0, BINARY_SI", "0M, 0, 0, DECIMAL_SI",
        "0Gi, 0, 0, BINARY_SI", "0G, 0, 0, DECIMAL_SI", "0Ti, 0, 0, BINARY_SI", "0T, 0, 0, DECIMAL_SI",
        "1, 1, 0, DECIMAL_SI",
        "1Ki, 1024, 0, BINARY_SI", "8Ki, 8192, 0, BINARY_SI", "7Mi, 7340032, 0, BINARY_SI",
        "6Gi, 6442450944, 0, BINARY_SI", "5Ti, 5497558138880, 0, BINARY_SI", "4Pi, 4503599627370496, 0, BINARY_SI",
        "3Ei, 3458764513820540928, 0, BINARY_SI", "10Ti, 10995116277760, 0, BINARY_SI",
        "100Ti, 109951162777600, 0, BINARY_SI",
        "5n, 5, -9, DECIMAL_SI", "4u, 4, -6, DECIMAL_SI", "3m, 3, -3, DECIMAL_SI", "9, 9, 0, DECIMAL_SI",
        "8k, 8, 3, DECIMAL_SI", "50k, 5, 4, DECIMAL_SI", "7M, 7, 6, DECIMAL_SI", "6G, 6, 9, DECIMAL_SI",
        "5T, 5, 12, DECIMAL_SI", "40T, 4, 13, DECIMAL_SI", "300T, 3, 14, DECIMAL_SI", "2P, 2, 15, DECIMAL_SI",
        "1E, 1, 18, DECIMAL_SI",
        "1E-3, 1, -3, DECIMAL_EXPONENT", "1e3, 1, 3, DECIMAL_EXPONENT", "1E6, 1, 6, DECIMAL_EXPONENT",
        "1e9, 1, 9, DECIMAL_EXPONENT", "1E12, 1, 12, DECIMAL_EXPONENT", "1e15, 1, 15, DECIMAL_EXPONENT",
        "1E18, 1, 18, DECIMAL_EXPONENT", "1e14, 1, 14, DECIMAL_EXPONENT", "1e13, 1, 13, DECIMAL_EXPONENT",
        "100.035k, 100035, 0, DECIMAL_SI",
        "0.001, 1, -3, DECIMAL_SI", "0.0005k, 5, -1, DECIMAL_SI", "0.005, 5, -3, DECIMAL_SI",
        "0.05, 5, -2, DECIMAL_SI", "0.5, 5, -1, DECIMAL_SI", "0.00050k, 5, -1, DECIMAL_SI",
        "0.00500, 5, -3, DECIMAL_SI", "0.05000, 5, -2, DECIMAL_SI", "0.50000, 5, -1, DECIMAL_SI",
        "0.5e0, 5, -1, DECIMAL_EXPONENT", "0.5e-1, 5, -2, DECIMAL_EXPONENT", "0.5e-2, 5, -3, DECIMAL_EXPONENT",
        "10.035M, 10035, 3, DECIMAL_SI",
        "1.2e3, 12, 2, DECIMAL_EXPONENT", "1.3E+6, 13, 5, DECIMAL_EXPONENT", "1.40e9, 14, 8, DECIMAL_EXPONENT",
        "1.53E12, 153, 10, DECIMAL_EXPONENT", "1.6e15, 16, 14, DECIMAL_EXPONENT", "1.7E18, 17, 17, DECIMAL_EXPONENT",
        "9.01, 901, -2, DECIMAL_SI", "8.1k, 81, 2, DECIMAL_SI", "7.123456M, 7123456, 0, DECIMAL_SI",
        "6.987654321G, 6987654321, 0, DECIMAL_SI", "5.444T, 5444, 9, DECIMAL_SI", "40.1T, 401, 11, DECIMAL_SI",
        "300.2T, 3002, 11, DECIMAL_SI", "2.5P, 25, 14, DECIMAL_SI", "1.01E, 101, 16, DECIMAL_SI",
        "3.001n, 4, -9, DECIMAL_SI", "1.1E-9, 2, -9, DECIMAL_EXPONENT", "0.0000000001, 1, -9, DECIMAL_SI",
        "0.0000000005, 1, -9, DECIMAL_SI", "0.00000000050, 1, -9, DECIMAL_SI", "0.5e-9, 1, -9, DECIMAL_EXPONENT",
        "0.9n, 1, -9, DECIMAL_SI", "0.00000012345, 124, -9, DECIMAL_SI", "0.00000012354, 124, -9, DECIMAL_SI",
        "9Ei, 9223372036854775807, 0, BINARY_SI", "9223372036854775807Ki, 9223372036854775807, 0, BINARY_SI",
        "12E, 12, 18, DECIMAL_SI",
        "100.035Ki, 10243584, -2, BINARY_SI", "0.5Mi, 524288, 0, BINARY_SI", "0.05Gi, 536870912, -1, BINARY_SI",
        "0.025Ti, 274877906944, -1, BINARY_SI",
        "0.000000000001Ki, 2, -9, DECIMAL_SI", ".001, 1, -3, DECIMAL_SI", ".0001k, 100, -3, DECIMAL_SI",
        "1., 1, 0, DECIMAL_SI", "1.G, 1, 9, DECIMAL_SI"
    })
    void parsesTheValueAndFormatApimachineryDoes(String input, long unscaled, int exponent, Family family) {
        BigDecimal expected = BigDecimal.valueOf(unscaled).scaleByPowerOfTen(exponent);
        for (String sign : new String[] {"", "+", "-"}) {
            ApiServerQuantity parsed = ApiServerQuantity.parse(sign + input);
            assertThat(parsed.value()).as(sign + input)
                    .isEqualByComparingTo(sign.equals("-") ? expected.negate() : expected);
            assertThat(parsed.family()).as(sign + input).isEqualTo(family);
        }
    }

    @ParameterizedTest(name = "{0}e{1} {2} is written {3}")
    @CsvSource({
        "1073741824, 0, BINARY_SI, 1Gi, 1024Mi", "314572800, 0, BINARY_SI, 300Mi, 307200Ki",
        "6144, 0, BINARY_SI, 6Ki, ''", "1074815565824, 0, BINARY_SI, 1001Gi, 1025024Mi",
        "1099511627776, 0, BINARY_SI, 1Ti, 1024Gi", "5, 0, BINARY_SI, 5, 5000m", "500, -3, BINARY_SI, 500m, 0.5",
        "1, 9, DECIMAL_SI, 1G, 1000M", "1000, 6, DECIMAL_SI, 1G, 0.001T", "1000000, 3, DECIMAL_SI, 1G, ''",
        "1000000000, 0, DECIMAL_SI, 1G, ''", "1, -3, DECIMAL_SI, 1m, 1000u", "80, -3, DECIMAL_SI, 80m, ''",
        "1080, -3, DECIMAL_SI, 1080m, 1.08", "108, -2, DECIMAL_SI, 1080m, 1080000000n",
        "10800, -4, DECIMAL_SI, 1080m, ''", "300, 6, DECIMAL_SI, 300M, ''", "1, 12, DECIMAL_SI, 1T, ''",
        "1, 18, DECIMAL_SI, 1E, ''", "1, 21, DECIMAL_SI, 1e21, 1000E", "5, 21, DECIMAL_SI, 5e21, 5000E",
        "1, 24, DECIMAL_SI, 1e24, 1000000E", "1234567, 6, DECIMAL_SI, 1234567M, ''",
        "1234567, -3, BINARY_SI, 1234567m, ''", "3, 3, DECIMAL_SI, 3k, ''", "1025, 0, BINARY_SI, 1025, ''",
        "0, 0, DECIMAL_SI, 0, ''", "0, 0, BINARY_SI, 0, ''", "1, 9, DECIMAL_EXPONENT, 1e9, .001e12",
        "1, -3, DECIMAL_EXPONENT, 1e-3, 0.001e0", "1, -9, DECIMAL_EXPONENT, 1e-9, 1000e-12",
        "80, -3, DECIMAL_EXPONENT, 80e-3, ''", "300, 6, DECIMAL_EXPONENT, 300e6, ''",
        "1, 12, DECIMAL_EXPONENT, 1e12, ''", "1, 3, DECIMAL_EXPONENT, 1e3, ''", "3, 3, DECIMAL_EXPONENT, 3e3, ''",
        "0, 0, DECIMAL_EXPONENT, 0, 00", "1, -9, DECIMAL_SI, 1n, ''", "80, -9, DECIMAL_SI, 80n, ''",
        "1080, -9, DECIMAL_SI, 1080n, ''", "108, -8, DECIMAL_SI, 1080n, ''", "10800, -10, DECIMAL_SI, 1080n, ''",
        "1, -6, DECIMAL_SI, 1u, ''", "80, -6, DECIMAL_SI, 80u, ''", "1080, -6, DECIMAL_SI, 1080u, ''"
    })
    void writesTheCanonicalTextApimachineryDoes(long unscaled, int exponent, Family family, String canonical,
            String alternate) {
        BigDecimal value = BigDecimal.valueOf(unscaled).scaleByPowerOfTen(exponent);
        assertThat(ApiServerQuantity.of(value, family).canonical()).isEqualTo(canonical);
        assertThat(ApiServerQuantity.parse(canonical).canonical()).isEqualTo(canonical);
        if (!alternate.isEmpty()) {
            assertThat(ApiServerQuantity.parse(alternate).canonical()).as(alternate).isEqualTo(canonical);
        }
        if (unscaled != 0) {
            assertThat(ApiServerQuantity.of(value.negate(), family).canonical()).isEqualTo("-" + canonical);
        }
    }

    @ParameterizedTest(name = "{0} is emitted as {1}")
    @CsvSource({
        "1Ki, 1Ki", "1Mi, 1Mi", "1Gi, 1Gi", "1024Mi, 1Gi", "1000M, 1G", ".001Ki, 1024m", ".000001Ki, 1024u",
        ".000000001Ki, 1024n", ".000000000001Ki, 2n"
    })
    void parseThenEmitGivesWhatApimachineryGives(String input, String emitted) {
        assertThat(ApiServerQuantity.parse(input).canonical()).isEqualTo(emitted);
        assertThat(ApiServerQuantity.parse("-" + input).canonical()).isEqualTo("-" + emitted);
    }

    @ParameterizedTest(name = "{0} rounded up at 10^{1} is {2}")
    @CsvSource({
        "9.01, -3, 9.01", "9.01, -2, 9.01", "9.01, -1, 9.1", "9.01, 0, 10", "9.01, 1, 10", "9.01, 2, 100",
        "-9.01, -3, -9.01", "-9.01, -2, -9.01", "-9.01, -1, -9.1", "-9.01, 0, -10", "-9.01, 1, -10",
        "-9.01, 2, -100"
    })
    void roundsUpAwayFromZeroAsApimachineryDoes(String input, int scale, BigDecimal expected) {
        assertThat(ApiServerQuantity.parse(input).roundedUp(scale).value()).isEqualByComparingTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01i", "-3.01e-", " 1", "1 ",
        ""})
    void refusesWhatApimachineryRefuses(String input) {
        assertThatIllegalArgumentException().isThrownBy(() -> ApiServerQuantity.parse(input));
    }
}
