package dev.autoship.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The normal build never writes crds/, so this catches a copy that was not refreshed after a type change. */
class CheckedInCrdIsCurrentTest {

    @Test
    void checkedInCrdEqualsTheOneGeneratedFromTheJavaTypes() throws IOException {
        Path generated = Path.of(System.getProperty("autoship.crd.generated"));
        Path checkedIn = Path.of(System.getProperty("autoship.crd.checked-in"));
        assertThat(generated).exists();
        assertThat(checkedIn).exists();
        assertThat(Files.readString(checkedIn))
                .as("%s is stale; refresh it with ./mvnw -pl operator -Pupdate-crds process-test-resources", checkedIn)
                .isEqualTo(Files.readString(generated));
    }
}
