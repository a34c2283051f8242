package dev.autoship.helm;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** The chart in the source tree, linted and rendered by real Helm (helm-java). */
final class OperatorChart {

    static final String RELEASE = "autoship";
    static final String NAMESPACE = "autoship-system";
    /** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion); every render targets it. */
    static final String KUBE_VERSION = "1.30.0";

    private final Path directory;
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    OperatorChart() {
        this(Path.of(requiredProperty("chart.directory")));
    }

    private OperatorChart(Path directory) {
        this.directory = directory;
    }

    /** A copy of this chart in {@code destination}, for tests that render the chart with one of its files changed. */
    OperatorChart copyTo(Path destination) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.toList()) {
                Path target = destination.resolve(directory.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new OperatorChart(destination);
    }

    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set; run the tests through Maven");
        }
        return value;
    }

    Path directory() {
        return directory;
    }

    LintResult lintStrict() {
        return new Helm(directory).lint().strict().call();
    }

    /** {@code helm template autoship <chart> -n autoship-system} with the chart defaults. */
    RenderedManifests render() {
        return parse(new Helm(directory).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION).call());
    }

    /**
     * Renders with {@code valuesYaml} as a values file; Helm's error (schema or template failure) surfaces as the
     * exception's message.
     */
    RenderedManifests render(String valuesYaml) {
        Path valuesFile = writeTemporaryFile(valuesYaml);
        try {
            return parse(new Helm(directory).template()
                    .withName(RELEASE)
                    .withNamespace(NAMESPACE)
                    .withKubeVersion(KUBE_VERSION)
                    .withValuesFile(valuesFile)
                    .call());
        } finally {
            delete(valuesFile);
        }
    }

    /** {@code helm template} with the chart defaults for a cluster of the given Kubernetes version. */
    RenderedManifests renderFor(String kubeVersion) {
        return parse(new Helm(directory).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(kubeVersion).call());
    }

    /** {@code helm package} into {@code destination}, then {@code helm template} of the archive, as a user of a chart repository gets it. */
    RenderedManifests packageAndRender(Path destination) {
        Helm packaged = new Helm(directory).packageIt().withDestination(destination).call();
        return parse(packaged.template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION).call());
    }

    /** The NOTES.txt a user sees after {@code helm install}, from a client-only dry run (no cluster needed). */
    String installNotes(String valuesYaml) {
        Path valuesFile = writeTemporaryFile(valuesYaml);
        try {
            String output = new Helm(directory).install()
                    .withName(RELEASE)
                    .withNamespace(NAMESPACE)
                    .withValuesFile(valuesFile)
                    .withKubeVersion(KUBE_VERSION)
                    .clientOnly()
                    .withDryRunOption(DryRun.CLIENT)
                    .call()
                    .getOutput();
            int notes = output.indexOf("NOTES:\n");
            if (notes < 0) {
                throw new IllegalStateException("helm install printed no NOTES:\n" + output);
            }
            return output.substring(notes + "NOTES:\n".length());
        } finally {
            delete(valuesFile);
        }
    }

    private RenderedManifests parse(String manifests) {
        List<HasMetadata> resources = Arrays.stream(manifests.split("(?m)^---\\s*$"))
                .filter(document -> document.lines().anyMatch(line -> !line.isBlank() && !line.startsWith("#")))
                .map(document -> serialization.unmarshal(document, HasMetadata.class))
                .toList();
        return new RenderedManifests(resources);
    }

    private static Path writeTemporaryFile(String content) {
        try {
            Path file = Files.createTempFile("values-", ".yaml");
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
