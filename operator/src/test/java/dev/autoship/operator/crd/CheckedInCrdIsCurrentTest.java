package dev.autoship.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The normal build never writes the CRD copies, so this catches a copy that was not refreshed after a type change. */
class CheckedInCrdIsCurrentTest {

    @ParameterizedTest
    @ValueSource(strings = {"autoship.crd.checked-in", "autoship.crd.chart"})
    void everyShippedCopyEqualsTheCrdGeneratedFromTheJavaTypes(String copyProperty) throws IOException {
        Path generated = Path.of(System.getProperty("autoship.crd.generated"));
        Path copy = Path.of(System.getProperty(copyProperty));
        assertThat(generated).exists();
        assertThat(copy).exists();
        assertThat(Files.readString(copy))
                .as("%s is stale; refresh every copy with ./mvnw -pl operator -Pupdate-crds process-test-resources", copy)
                .isEqualTo(Files.readString(generated));
    }
}
