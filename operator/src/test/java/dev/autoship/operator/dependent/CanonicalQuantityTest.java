package dev.autoship.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Expected outputs are those of Kubernetes' own apimachinery tests (pkg/api/resource/quantity_test.go:
 * TestQuantityString's alternate forms, TestQuantityParseEmit, and the String() of TestQuantityParse's values).
 */
class CanonicalQuantityTest {

    @ParameterizedTest(name = "{0} is stored as {1}")
    @CsvSource({
        // the everyday cases: CPU fractions and memory in a smaller unit than needed
        "0.5, 500m", "1024Mi, 1Gi", "1.5Gi, 1536Mi", "250m, 250m", "512Mi, 512Mi", "1, 1", "2000m, 2",
        // TestQuantityString: alternate input -> canonical
        "307200Ki, 300Mi", "1025024Mi, 1001Gi", "1024Gi, 1Ti", "5000m, 5", "1000M, 1G", "0.001T, 1G",
        "1000u, 1m", "1.08, 1080m", "1080000000n, 1080m", ".001e12, 1e9", "0.001e0, 1e-3", "1000e-12, 1e-9",
        "00, 0", "1025, 1025", "1234567M, 1234567M", "80e-3, 80e-3", "300e6, 300e6",
        // TestQuantityParseEmit
        "1Ki, 1Ki", ".001Ki, 1024m", ".000001Ki, 1024u", ".000000001Ki, 1024n", ".000000000001Ki, 2n",
        "-1024Mi, -1Gi", "-.001Ki, -1024m",
        // TestQuantityParse values
        "0Mi, 0", "0m, 0", "50k, 50k", "100.035k, 100035", "0.0005k, 500m", "0.00500, 5m", "0.5e-1, 50e-3",
        "1.2e3, 1200", "1.3E+6, 1300e3", "1.40e9, 1400e6", "1E-3, 1e-3", "7.123456M, 7123456",
        "5.444T, 5444G", "40.1T, 40100G", "2.5P, 2500T", "1.01E, 1010P", "12E, 12E",
        "3.001n, 4n", "1.1E-9, 2e-9", "0.0000000005, 1n", "0.00000012345, 124n",
        "9Ei, 9223372036854775807", "100.035Ki, 102435840m", "0.5Mi, 512Ki", "0.05Gi, 53687091200m",
        ".0001k, 100m", "1., 1", "1.G, 1G", "+1.5Gi, 1536Mi"
    })
    void matchesWhatKubernetesStores(String input, String canonical) {
        assertThat(CanonicalQuantity.of(input)).isEqualTo(canonical);
    }

    @Test
    void fabric8SerializesTheCanonicalQuantityAsTheServerWould() {
        var json = new KubernetesSerialization();
        assertThat(json.asJson(CanonicalQuantity.of(new Quantity("0.5")))).isEqualTo("\"500m\"");
        assertThat(json.asJson(CanonicalQuantity.of(new Quantity("1.5Gi")))).isEqualTo("\"1536Mi\"");
        assertThat(json.asJson(CanonicalQuantity.of(json.unmarshal("2", Quantity.class)))).isEqualTo("\"2\"");
        assertThat(CanonicalQuantity.of((Quantity) null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "abc", "1.5.5", "1Kb", "1e", "1 Gi", "Mi", "1e99999"})
    void somethingThatIsNoQuantityIsRefusedNamingIt(String input) {
        assertThatIllegalArgumentException().isThrownBy(() -> CanonicalQuantity.of(input))
                .withMessageContaining("'" + input + "' is not a Kubernetes quantity");
    }
}
