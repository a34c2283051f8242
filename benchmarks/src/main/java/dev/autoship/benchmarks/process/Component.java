package dev.autoship.benchmarks.process;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A deployable of this project that a benchmark starts as its own JVM. Its classpath is this
 * benchmark's classpath with the other deployables and the benchmark code taken out, and its own
 * classes first (so its own logback.xml is the one that configures it).
 */
public enum Component {
    PREDICTOR("autoship-predictor", "/predictor/target/"),
    OPERATOR("autoship-operator", "/operator/target/");

    private static final List<String> BENCHMARK_MARKERS = List.of("autoship-benchmarks", "/benchmarks/target/");

    private final List<String> markers;

    Component(String... markers) {
        this.markers = List.of(markers);
    }

    public String classpath() {
        return classpath(System.getProperty("java.class.path"));
    }

    String classpath(String hostClasspath) {
        List<String> own = new ArrayList<>();
        List<String> libraries = new ArrayList<>();
        for (String entry : Arrays.asList(hostClasspath.split(File.pathSeparator))) {
            if (belongsTo(entry, markers)) {
                own.add(entry);
            } else if (!belongsToAnyOther(entry)) {
                libraries.add(entry);
            }
        }
        if (own.isEmpty()) {
            throw new IllegalStateException("the " + name().toLowerCase() + " module is not on the classpath: " + hostClasspath);
        }
        own.addAll(libraries);
        return String.join(File.pathSeparator, own);
    }

    private boolean belongsToAnyOther(String entry) {
        if (belongsTo(entry, BENCHMARK_MARKERS)) {
            return true;
        }
        for (Component other : values()) {
            if (other != this && belongsTo(entry, other.markers)) {
                return true;
            }
        }
        return false;
    }

    private static boolean belongsTo(String entry, List<String> markers) {
        String path = entry.replace(File.separatorChar, '/');
        return markers.stream().anyMatch(path::contains);
    }
}
