package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartMetadataTest {

    private static final int MINIMUM_MINOR = 30;
    private static final String MINIMUM_KUBERNETES = "1." + MINIMUM_MINOR;
    private static final Pattern LOWER_BOUND = Pattern.compile(">=\\s*v?(\\d+)\\.(\\d+)");
    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z][A-Za-z0-9_.-]*):.*$");

    private final OperatorChart chart = new OperatorChart();
    private final YAMLMapper yaml = new YAMLMapper();

    @Test
    void chartVersionAndAppVersionAreTheProjectVersion() throws IOException {
        JsonNode metadata = yaml.readTree(chart.directory().resolve("Chart.yaml").toFile());
        String projectVersion = OperatorChart.requiredProperty("project.version");

        assertThat(metadata.path("apiVersion").asText()).isEqualTo("v2");
        assertThat(metadata.path("version").asText()).as("Chart.yaml version").isEqualTo(projectVersion);
        assertThat(metadata.path("appVersion").asText()).as("Chart.yaml appVersion").isEqualTo(projectVersion);
    }

    /**
     * The product needs Kubernetes 1.30 (preStop sleep action of the predictor pods; also autoscaling/v2 HPAs from
     * 1.23 and CRD validation rules from 1.25): Chart.yaml states exactly that lower bound, and the README says so.
     */
    @Test
    void chartStatesTheOldestKubernetesTheProductRunsOn() throws IOException {
        JsonNode metadata = yaml.readTree(chart.directory().resolve("Chart.yaml").toFile());
        String range = metadata.path("kubeVersion").asText();
        Matcher lowerBound = LOWER_BOUND.matcher(range);

        assertThat(lowerBound.find()).as("kubeVersion %s states a lower bound", range).isTrue();
        assertThat(lowerBound.group(1) + "." + lowerBound.group(2)).isEqualTo(MINIMUM_KUBERNETES);
        assertThat(Files.readString(chart.directory().resolveSibling("README.md")))
                .contains("Kubernetes " + MINIMUM_KUBERNETES + " or newer");
    }

    @Test
    void helmRefusesAnOlderKubernetesWithAMessageNamingTheRequirement() {
        assertThat(chart.renderFor("1.30.0").operatorContainer()).isNotNull();
        assertThatThrownBy(() -> chart.renderFor("1.29.9"))
                .hasMessageContaining("kubeVersion")
                .hasMessageContaining(">=1.30.0-0");
    }

    @Test
    void defaultImageIsTheOperatorImageNamedInTheParentPom() throws IOException {
        JsonNode values = yaml.readTree(chart.directory().resolve("values.yaml").toFile());

        assertThat(values.path("image").path("registry").asText())
                .isEqualTo(OperatorChart.requiredProperty("image.registry"));
        assertThat(chart.render().operatorContainer().getImage())
                .isEqualTo(OperatorChart.requiredProperty("operator.image"));
    }

    @Test
    void chartCarriesAByteIdenticalCopyOfTheGeneratedCrd() throws IOException {
        Path generated = Path.of(OperatorChart.requiredProperty("generated.crd"));
        Path copy = chart.directory().resolve("files").resolve(generated.getFileName());

        assertThat(generated).as("the CRD the operator build generates").exists();
        assertThat(Files.readAllBytes(copy))
                .as("%s must be a copy of %s; refresh it with: cp %s %s", copy, generated, generated, copy)
                .isEqualTo(Files.readAllBytes(generated));
    }

    @Test
    void packagedChartKeepsTheCrdAndRendersLikeTheSourceTree(@TempDir Path destination) throws IOException {
        RenderedManifests packaged = chart.packageAndRender(destination);

        try (var archives = Files.list(destination)) {
            assertThat(archives.map(Path::getFileName).map(Path::toString))
                    .containsExactly("autoship-operator-" + OperatorChart.requiredProperty("project.version") + ".tgz");
        }
        assertThat(packaged.resources()).isEqualTo(chart.render().resources());
        assertThat(packaged.ofType(CustomResourceDefinition.class)).hasSize(1);
    }

    /**
     * A key is documented by a comment right above it or by belonging to a documented value (e.g. the
     * defaults inside {@code resources}); a section key (its next line is a comment) only groups documented keys.
     */
    @Test
    void everyValueInValuesYamlIsDocumentedByAComment() throws IOException {
        List<String> lines = Files.readAllLines(chart.directory().resolve("values.yaml"));
        List<String> undocumented = new ArrayList<>();
        Deque<Integer> documentedAncestorIndents = new ArrayDeque<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher key = KEY.matcher(lines.get(i));
            if (!key.matches()) {
                continue;
            }
            int indent = key.group(1).length();
            while (!documentedAncestorIndents.isEmpty() && documentedAncestorIndents.peek() >= indent) {
                documentedAncestorIndents.pop();
            }
            if (!documentedAncestorIndents.isEmpty()) {
                continue;
            }
            if (isComment(nearestNonBlank(lines, i, -1))) {
                documentedAncestorIndents.push(indent);
            } else if (!isComment(nearestNonBlank(lines, i, +1))) {
                undocumented.add((i + 1) + ": " + lines.get(i).strip());
            }
        }
        assertThat(undocumented).as("values.yaml keys without a comment").isEmpty();
    }

    private static String nearestNonBlank(List<String> lines, int from, int step) {
        for (int i = from + step; i >= 0 && i < lines.size(); i += step) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i);
            }
        }
        return "";
    }

    private static boolean isComment(String line) {
        return line.strip().startsWith("#");
    }
}
