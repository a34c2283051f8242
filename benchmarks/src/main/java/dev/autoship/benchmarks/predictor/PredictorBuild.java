package dev.autoship.benchmarks.predictor;

import dev.autoship.benchmarks.process.Component;
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
}
