package dev.autoship.benchmarks.predictor;

import dev.autoship.benchmarks.process.Component;
import dev.autoship.benchmarks.report.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which predictor a benchmark starts: this build, or an earlier one given by its classpath (to measure the two
 * side by side in one run). Builds from before the management port served health, metrics and admin on the
 * public port.
 *
 * @param name           how reports name it (e.g. a commit)
 * @param classpath      the predictor's classes first, then its runtime dependencies
 * @param managementPort whether it has {@code AUTOSHIP_MANAGEMENT_PORT}
 */
public record PredictorBuild(String name, String classpath, boolean managementPort) {

    public static PredictorBuild current() {
        return new PredictorBuild("this build", Component.PREDICTOR.classpath(), true);
    }

    /**
     * This build, on the classpath the options give ({@code ownClasses=DIR ownClasspath=FILE}: its classes and its
     * runtime dependencies, e.g. the jars {@code package} puts in {@code predictor/target/libs}) or else on the one
     * derived from the benchmark's. The derived one holds more jars than the predictor's own: a JVM opens every jar
     * ahead of a class it looks for and keeps each opened jar's directory on its heap, so compare memory with an
     * earlier build only on the predictors' own classpaths.
     */
    public static PredictorBuild current(Options options) throws IOException {
        String classes = options.text("ownClasses", "");
        if (classes.isBlank()) {
            return current();
        }
        return earlier("this build", Path.of(classes), Path.of(options.text("ownClasspath", "")), true);
    }

    /**
     * An earlier build: {@code classesDirectory} (its {@code predictor/target/classes}) and a file holding its runtime
     * dependencies' classpath (as {@code mvn dependency:build-classpath -Dmdep.outputFile=...} writes it).
     */
    public static PredictorBuild earlier(String name, Path classesDirectory, Path dependencyClasspathFile,
                                         boolean managementPort) throws IOException {
        if (!Files.isDirectory(classesDirectory)) {
            throw new IllegalArgumentException("no predictor classes at " + classesDirectory);
        }
        String dependencies = Files.readString(dependencyClasspathFile).trim();
        return new PredictorBuild(name, classesDirectory + java.io.File.pathSeparator + dependencies, managementPort);
    }

    /**
     * The earlier build the options name ({@code baseline=NAME baselineClasses=DIR baselineClasspath=FILE
     * baselineManagementPort=false}), or empty when they name none.
     */
    public static java.util.Optional<PredictorBuild> baseline(Options options) throws IOException {
        String classes = options.text("baselineClasses", "");
        if (classes.isBlank()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(earlier(options.text("baseline", "baseline"), Path.of(classes),
                Path.of(options.text("baselineClasspath", "")),
                Boolean.parseBoolean(options.text("baselineManagementPort", "false"))));
    }
}
