package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One alerting rule of the chart's PrometheusRule, as {@code helm template} renders it. */
record AlertRule(String name, String expr, String forDuration, Map<String, String> labels, Map<String, String> annotations) {

    private static final Pattern THRESHOLD = Pattern.compile(">\\s*([-+0-9.eE]+)\\s*$");

    /** The alerts of the one PrometheusRule rendered. */
    @SuppressWarnings("unchecked")
    static List<AlertRule> of(RenderedManifests manifests) {
        List<HasMetadata> rules = manifests.ofKind("PrometheusRule");
        assertThat(rules).as("rendered PrometheusRules").hasSize(1);
        List<Map<String, Object>> groups = ((GenericKubernetesResource) rules.getFirst()).get("spec", "groups");
        return groups.stream()
                .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                .map(rule -> new AlertRule((String) rule.get("alert"), (String) rule.get("expr"), (String) rule.get("for"),
                        (Map<String, String>) rule.get("labels"), (Map<String, String>) rule.get("annotations")))
                .toList();
    }

    /** The number the expression's result is compared with ({@code ... > 0.05}). */
    double threshold() {
        Matcher threshold = THRESHOLD.matcher(expr);
        assertThat(threshold.find()).as("%s ends with a comparison to a number: %s", name, expr).isTrue();
        return Double.parseDouble(threshold.group(1));
    }

    NamedQuery query() {
        return new NamedQuery("alert " + name, expr);
    }
}
