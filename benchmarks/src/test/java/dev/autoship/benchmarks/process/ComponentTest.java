package dev.autoship.benchmarks.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComponentTest {
    private static final String HOST = String.join(File.pathSeparator, List.of(
            "/home/dev/autoship/benchmarks/target/classes",
            "/repo/jackson-databind.jar",
            "/home/dev/autoship/operator/target/autoship-operator.jar",
            "/m2/dev/autoship/autoship-predictor/0.1.0-SNAPSHOT/autoship-predictor-0.1.0-SNAPSHOT.jar",
            "/repo/helidon-webserver.jar"));

    @Test
    void aComponentGetsItsOwnClassesFirstThenTheLibrariesButNotTheOtherComponentOrTheBenchmarks() {
        assertThat(Component.PREDICTOR.classpath(HOST).split(File.pathSeparator)).containsExactly(
                "/m2/dev/autoship/autoship-predictor/0.1.0-SNAPSHOT/autoship-predictor-0.1.0-SNAPSHOT.jar",
                "/repo/jackson-databind.jar",
                "/repo/helidon-webserver.jar");
        assertThat(Component.OPERATOR.classpath(HOST).split(File.pathSeparator))
                .startsWith("/home/dev/autoship/operator/target/autoship-operator.jar")
                .doesNotContain("/home/dev/autoship/benchmarks/target/classes");
    }

    @Test
    void aMissingComponentIsNamed() {
        assertThatThrownBy(() -> Component.OPERATOR.classpath("/repo/jackson-databind.jar"))
                .hasMessageContaining("operator module is not on the classpath");
    }
}
