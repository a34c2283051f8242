package dev.autoship.helm;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The series of one or more scrapes in the Prometheus text exposition format: each sample name (as PromQL selects
 * it, e.g. {@code x_bucket}, {@code x_count}) with the label sets of its series.
 */
record MetricsScrape(Map<String, Set<Map<String, String>>> seriesBySample) {

    static MetricsScrape parse(String exposition) {
        Map<String, Set<Map<String, String>>> seriesBySample = new TreeMap<>();
        for (String line : exposition.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Sample sample = Sample.parse(line);
            seriesBySample.computeIfAbsent(sample.name(), name -> new HashSet<>()).add(Map.copyOf(sample.labels()));
        }
        return new MetricsScrape(seriesBySample);
    }

    /** Every series of this scrape and of {@code other}, as one Prometheus scraping both would hold. */
    MetricsScrape and(MetricsScrape other) {
        Map<String, Set<Map<String, String>>> merged = new TreeMap<>();
        Stream.of(this, other).flatMap(scrape -> scrape.seriesBySample().entrySet().stream()).forEach(entry ->
                merged.computeIfAbsent(entry.getKey(), name -> new HashSet<>()).addAll(entry.getValue()));
        return new MetricsScrape(merged);
    }

    Set<String> sampleNames() {
        return seriesBySample.keySet();
    }

    boolean exports(String sampleName) {
        return seriesBySample.containsKey(sampleName);
    }

    Set<String> labelsOf(String sampleName) {
        return seriesBySample.getOrDefault(sampleName, Set.of()).stream()
                .flatMap(labels -> labels.keySet().stream())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The values {@code label} takes in the series of {@code sampleName}. */
    Set<String> valuesOf(String sampleName, String label) {
        return seriesBySample.getOrDefault(sampleName, Set.of()).stream()
                .map(labels -> labels.get(label))
                .filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** One sample line: {@code name{label="value",...} value [timestamp]}; label values may hold escaped quotes. */
    record Sample(String name, Map<String, String> labels) {

        static Sample parse(String line) {
            int nameEnd = 0;
            while (nameEnd < line.length() && line.charAt(nameEnd) != '{' && !Character.isWhitespace(line.charAt(nameEnd))) {
                nameEnd++;
            }
            String name = line.substring(0, nameEnd);
            Map<String, String> labels = new HashMap<>();
            if (nameEnd < line.length() && line.charAt(nameEnd) == '{') {
                int position = nameEnd + 1;
                while (line.charAt(position) != '}') {
                    int equals = line.indexOf('=', position);
                    String label = line.substring(position, equals).strip();
                    StringBuilder value = new StringBuilder();
                    position = equals + 2; // past ="
                    while (line.charAt(position) != '"') {
                        char c = line.charAt(position);
                        if (c == '\\') {
                            position++;
                            c = line.charAt(position) == 'n' ? '\n' : line.charAt(position);
                        }
                        value.append(c);
                        position++;
                    }
                    labels.put(label, value.toString());
                    position++; // past the closing quote
                    if (line.charAt(position) == ',') {
                        position++;
                    }
                }
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            return new Sample(name, labels);
        }
    }
}
