package dev.autoship.benchmarks.report;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A benchmark's {@code key=value} arguments (from -Dbench.args="..."), with defaults. */
public final class Options {
    private final Map<String, String> values = new HashMap<>();

    public Options(String... args) {
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("arguments are key=value, got '" + arg + "'");
            }
            values.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
    }

    public Options with(String key, String value) {
        values.put(key, value);
        return this;
    }

    public int integer(String key, int defaultValue) {
        return values.containsKey(key) ? Integer.parseInt(values.get(key)) : defaultValue;
    }

    public double decimal(String key, double defaultValue) {
        return values.containsKey(key) ? Double.parseDouble(values.get(key)) : defaultValue;
    }

    public Duration seconds(String key, int defaultSeconds) {
        return Duration.ofMillis((long) (decimal(key, defaultSeconds) * 1000));
    }

    public String text(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    public List<Integer> integers(String key, String defaultValue) {
        return Arrays.stream(text(key, defaultValue).split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
}
