package dev.autoship.helm;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The series of one scrape in the Prometheus text exposition format: each sample name (as PromQL selects it,
 * e.g. {@code x_bucket}, {@code x_count}) with the label names its series carry.
 */
record MetricsScrape(Map<String, Set<String>> labelsBySample) {

    static MetricsScrape parse(String exposition) {
        Map<String, Set<String>> labelsBySample = new TreeMap<>();
        for (String line : exposition.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Sample sample = Sample.parse(line);
            labelsBySample.computeIfAbsent(sample.name(), name -> new TreeSet<>()).addAll(sample.labels().keySet());
        }
        return new MetricsScrape(labelsBySample);
    }

    Set<String> sampleNames() {
        return labelsBySample.keySet();
    }

    boolean exports(String sampleName) {
        return labelsBySample.containsKey(sampleName);
    }

    Set<String> labelsOf(String sampleName) {
        return labelsBySample.getOrDefault(sampleName, Set.of());
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
