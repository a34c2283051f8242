package dev.autoship.helm;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names and label names a PromQL expression (with Grafana variables) refers to, and the label matchers
 * of its selectors. A word followed by "(" must be a known PromQL function or aggregation, so an unknown word is
 * reported as a metric, never skipped.
 */
record PromQlNames(Set<String> metrics, Set<String> labels, List<LabelMatcher> matchers) {

    private static final Set<String> FUNCTIONS = Set.of(
            // aggregation operators
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio",
            // functions
            "abs", "absent", "absent_over_time", "ceil", "changes", "clamp", "clamp_max", "clamp_min", "day_of_month",
            "day_of_week", "day_of_year", "days_in_month", "delta", "deriv", "exp", "floor", "histogram_avg",
            "histogram_count", "histogram_fraction", "histogram_quantile", "histogram_stddev", "histogram_stdvar",
            "histogram_sum", "idelta", "increase", "irate", "label_join", "label_replace", "ln", "log2", "log10",
            "minute", "month", "predict_linear", "rate", "resets", "round", "scalar", "sgn", "sort", "sort_desc",
            "sqrt", "time", "timestamp", "vector", "year", "avg_over_time", "min_over_time", "max_over_time",
            "sum_over_time", "count_over_time", "quantile_over_time", "stddev_over_time", "stdvar_over_time",
            "last_over_time", "present_over_time");
    /** Keywords followed by a list of label names in parentheses. */
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> OTHER_KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$(\\{[^}]*}|[A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");

    /** A PromQL expression, or a Grafana variable query {@code label_values(<selector>, <label>)}. */
    static PromQlNames of(String query) {
        Matcher labelValues = LABEL_VALUES.matcher(query);
        if (labelValues.matches()) {
            PromQlNames selector = of(labelValues.group(1));
            Set<String> labels = new LinkedHashSet<>(selector.labels());
            labels.add(labelValues.group(2));
            return new PromQlNames(selector.metrics(), labels, selector.matchers());
        }
        Set<String> metrics = new LinkedHashSet<>();
        Set<String> labels = new LinkedHashSet<>();
        List<LabelMatcher> matchers = new ArrayList<>();
        String selected = null;
        String expression = GRAFANA_VARIABLE.matcher(query).replaceAll("1");
        int position = 0;
        while (position < expression.length()) {
            char c = expression.charAt(position);
            if (c == '"' || c == '\'') {
                position = skipString(expression, position);
            } else if (c == '{') {
                position = readMatchers(expression, position, selected, labels, matchers);
                selected = null;
            } else if (c == '[') {
                position = expression.indexOf(']', position) + 1;
            } else if (Character.isDigit(c) || c == '.') {
                position = skipWord(expression, position);
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int end = skipWord(expression, position);
                String word = expression.substring(position, end);
                int next = skipSpaces(expression, end);
                boolean call = next < expression.length() && expression.charAt(next) == '(';
                if (LABEL_LIST_KEYWORDS.contains(word)) {
                    position = call ? readLabelList(expression, next, labels) : end;
                    continue;
                }
                boolean grouped = LABEL_LIST_KEYWORDS.contains(expression.substring(next, skipWord(expression, next)));
                if (!((call || grouped) && FUNCTIONS.contains(word)) && !OTHER_KEYWORDS.contains(word)) {
                    metrics.add(word);
                    selected = next < expression.length() && expression.charAt(next) == '{' ? word : null;
                }
                position = end;
            } else {
                position++;
            }
        }
        return new PromQlNames(metrics, labels, matchers);
    }

    private static int readLabelList(String expression, int open, Set<String> labels) {
        int close = expression.indexOf(')', open);
        for (String label : expression.substring(open + 1, close).split(",")) {
            if (!label.isBlank()) {
                labels.add(label.strip());
            }
        }
        return close + 1;
    }

    private static int readMatchers(String expression, int open, String metric, Set<String> labels, List<LabelMatcher> matchers) {
        int close = open + 1;
        Matcher matcher = MATCHER.matcher(expression).region(close, expression.length());
        while (matcher.lookingAt()) {
            labels.add(matcher.group(1));
            matchers.add(new LabelMatcher(metric, matcher.group(1), matcher.group(2), matcher.group(3).replaceAll("\\\\(.)", "$1")));
            close = matcher.end();
            matcher.region(close, expression.length());
        }
        close = skipSpaces(expression, close);
        if (close >= expression.length() || expression.charAt(close) != '}') {
            throw new IllegalArgumentException("cannot read the label matchers at " + open + " of: " + expression);
        }
        return close + 1;
    }

    private static int skipString(String expression, int open) {
        char quote = expression.charAt(open);
        int position = open + 1;
        while (expression.charAt(position) != quote) {
            position += expression.charAt(position) == '\\' ? 2 : 1;
        }
        return position + 1;
    }

    private static int skipWord(String expression, int start) {
        int end = start;
        while (end < expression.length() && (Character.isLetterOrDigit(expression.charAt(end)) || "_:.".indexOf(expression.charAt(end)) >= 0)) {
            end++;
        }
        return end;
    }

    private static int skipSpaces(String expression, int start) {
        int end = start;
        while (end < expression.length() && Character.isWhitespace(expression.charAt(end))) {
            end++;
        }
        return end;
    }

    /** {@code label operator "value"} in the selector of {@code metric}. */
    record LabelMatcher(String metric, String label, String operator, String value) {

        @Override
        public String toString() {
            return metric + "{" + label + operator + "\"" + value + "\"}";
        }
    }
}
