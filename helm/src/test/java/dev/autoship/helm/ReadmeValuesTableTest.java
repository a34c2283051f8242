package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * helm/README.md's values table and values.yaml name the same values. A row names values in backticks in its first
 * cell; {@code .name} after {@code a.b.c} means {@code a.b.name}. A documented value covers everything below it
 * (e.g. {@code resources} covers {@code resources.requests.cpu}).
 */
class ReadmeValuesTableTest {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    private final OperatorChart chart = new OperatorChart();
    private Set<String> documented;
    private Set<String> values;

    @BeforeEach
    void readBoth() throws IOException {
        documented = documentedValues(Files.readString(chart.directory().resolveSibling("README.md")));
        values = new TreeSet<>();
        collectLeaves(new YAMLMapper().readTree(chart.directory().resolve("values.yaml").toFile()), "", values);
    }

    @Test
    void everyValueIsInTheReadmeTable() {
        assertThat(values).as("values.yaml values missing from the README's values table")
                .filteredOn(value -> documented.stream().noneMatch(key -> covers(key, value)))
                .isEmpty();
    }

    @Test
    void everyValueTheReadmeTableNamesExists() {
        assertThat(documented).as("README values that values.yaml does not have")
                .filteredOn(key -> values.stream().noneMatch(value -> covers(key, value)))
                .isEmpty();
    }

    private static boolean covers(String documentedKey, String value) {
        return value.equals(documentedKey) || value.startsWith(documentedKey + ".");
    }

    private static Set<String> documentedValues(String readme) {
        String section = readme.substring(readme.indexOf("\n## Values"));
        section = section.substring(0, section.indexOf("\n## ", 1));
        Set<String> keys = new TreeSet<>();
        for (String row : section.lines().filter(line -> line.startsWith("| `")).toList()) {
            String firstCell = row.split("\\|")[1];
            String parent = "";
            Matcher code = CODE.matcher(firstCell);
            while (code.find()) {
                String key = code.group(1);
                if (key.startsWith(".")) {
                    key = parent + key;
                } else {
                    parent = key.contains(".") ? key.substring(0, key.lastIndexOf('.')) : "";
                }
                keys.add(key);
            }
        }
        return keys;
    }

    private static void collectLeaves(JsonNode node, String path, Set<String> leaves) {
        if (!node.isObject() || node.isEmpty()) {
            leaves.add(path);
            return;
        }
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            collectLeaves(node.get(name), path.isEmpty() ? name : path + "." + name, leaves);
        }
    }
}
