package dev.autoship.predictor.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** predictor/README.md documents exactly the variables the code reads, with the code's defaults. */
class ReadmeEnvironmentTableTest {

    @Test
    void readmeTableListsEveryVariableWithItsDefaultAndMeaning() throws IOException {
        List<String> readme = Files.readAllLines(Path.of("README.md"));
        List<String> rows = readme.stream().filter(line -> line.startsWith("| `AUTOSHIP_")).toList();

        List<String> expected = Arrays.stream(EnvironmentVariable.values())
                .map(v -> "| `" + v.name() + "` | " + (v.defaultValue().isEmpty() ? "(unset)" : "`" + v.defaultValue() + "`")
                        + " | " + v.description() + " |")
                .toList();
        assertThat(rows).containsExactlyElementsOf(expected);
    }
}
