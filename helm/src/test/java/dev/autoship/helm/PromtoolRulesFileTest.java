package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rule groups of the PrometheusRule the chart renders (defaults, enabled) as a Prometheus rules file,
 * {@code target/promtool/predictor-rules.yaml}: {@code .ci/run} checks its syntax with {@code promtool check rules}
 * and its alerts' firing with {@code promtool test rules src/test/promtool/predictor-alerts-test.yaml}, so
 * {@code ./mvnw verify} itself needs no promtool.
 */
class PromtoolRulesFileTest {

    static final Path RULES = Path.of("target", "promtool", "predictor-rules.yaml");

    @Test
    void theRenderedRuleGroupsAreWrittenAsAPrometheusRulesFile() throws IOException {
        GenericKubernetesResource rule = (GenericKubernetesResource) new OperatorChart()
                .render("metrics: {prometheusRule: {enabled: true}}\n").ofKind("PrometheusRule").getFirst();
        Object groups = rule.get("spec", "groups");

        Files.createDirectories(RULES.getParent());
        YAMLMapper yaml = YAMLMapper.builder()
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                .build();
        yaml.writeValue(RULES.toFile(), Map.of("groups", groups));

        JsonNode written = yaml.readTree(RULES.toFile());
        assertThat(written.at("/groups/0/name").asText()).isEqualTo("autoship-predictor");
        assertThat(written.at("/groups/0/rules")).hasSize(AlertRule.of(new OperatorChart()
                .render("metrics: {prometheusRule: {enabled: true}}\n")).size());
    }
}
