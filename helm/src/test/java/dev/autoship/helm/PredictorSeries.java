package dev.autoship.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The predictor's series as Prometheus holds them: those of a real scrape, with the labels Prometheus adds to every
 * series it scrapes. Tells what a PromQL query names that these series do not have.
 */
record PredictorSeries(MetricsScrape scrape) {

    /**
     * Labels Prometheus gives every series it scrapes from a predictor pod, which the predictor does not export: job
     * and instance, and namespace and pod from Kubernetes discovery (a PodMonitor or ServiceMonitor).
     */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance", "namespace", "pod");

    /** Metrics the queries name that the predictor does not export. */
    List<String> unknownMetrics(List<NamedQuery> queries) {
        return queries.stream().flatMap(query -> unknownMetrics(query).stream()).toList();
    }

    /** Labels the queries match or group by that no series of their metrics carries. */
    List<String> unknownLabels(List<NamedQuery> queries) {
        return queries.stream().flatMap(query -> unknownLabels(query).stream()).toList();
    }

    /** Matchers of the queries whose value the predictor never exports (see {@link #unmatchedValues(NamedQuery)}). */
    List<String> unmatchedValues(List<NamedQuery> queries) {
        return queries.stream().flatMap(query -> unmatchedValues(query).stream()).toList();
    }

    private List<String> unknownMetrics(NamedQuery query) {
        return query.names().metrics().stream().filter(metric -> !scrape.exports(metric))
                .map(metric -> metric + " in " + query).toList();
    }

    private List<String> unknownLabels(NamedQuery query) {
        Set<String> available = new TreeSet<>(TARGET_LABELS);
        query.names().metrics().forEach(metric -> available.addAll(scrape.labelsOf(metric)));
        return query.names().labels().stream().filter(label -> !available.contains(label))
                .map(label -> label + " in " + query + " (its metrics carry " + available + ")").toList();
    }

    /**
     * Matchers on the predictor's own labels whose value no series of their metric has. Each alternative of a
     * regular expression ({@code memory|redis}) must match a value by itself, as Prometheus matches: whole values.
     */
    private List<String> unmatchedValues(NamedQuery query) {
        List<String> unmatched = new ArrayList<>();
        for (PromQlNames.LabelMatcher matcher : query.names().matchers()) {
            if (TARGET_LABELS.contains(matcher.label())) {
                continue;
            }
            Set<String> values = matcher.metric() == null ? Set.of() : scrape.valuesOf(matcher.metric(), matcher.label());
            boolean regex = matcher.operator().endsWith("~");
            for (String alternative : regex ? alternatives(matcher.value()) : List.of(matcher.value())) {
                Predicate<String> matches = regex ? Pattern.compile(alternative).asMatchPredicate() : alternative::equals;
                if (values.stream().noneMatch(matches)) {
                    unmatched.add(matcher + (regex ? " (branch " + alternative + ")" : "") + " in " + query
                            + " (the predictor exports " + values + ")");
                }
            }
        }
        return unmatched;
    }

    /** The branches of a regular expression's top-level alternation. */
    private static List<String> alternatives(String regex) {
        List<String> alternatives = new ArrayList<>();
        int depth = 0;
        boolean inClass = false;
        int start = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                alternatives.add(regex.substring(start, i));
                start = i + 1;
            }
        }
        alternatives.add(regex.substring(start));
        return alternatives;
    }
}
