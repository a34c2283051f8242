package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/** Facts about the predictor container the operator relies on (its contract), and the names of what it makes. */
public final class PredictorPod {

    public static final int CONTAINER_PORT = 8080;
    public static final String PORT_NAME = "http";
    public static final String CONTAINER_NAME = "predictor";
    public static final String LIVENESS_PATH = "/observe/health/live";
    public static final String READINESS_PATH = "/observe/health/ready";
    public static final String METRICS_PATH = "/observe/metrics";
    public static final String CONFIG_CHECKSUM_ANNOTATION = "autoship.dev/config-checksum";
    public static final String MANAGED_BY = "autoship-operator";
    /** Informers of the dependents only see what the operator made. */
    public static final String MANAGED_SELECTOR = "app.kubernetes.io/managed-by=" + MANAGED_BY;
    public static final String DEFAULT_IMAGE = loadDefaultImage();

    private PredictorPod() {
    }

    /** Labels that select the pods of one cluster (Deployment selector, Service, PDB, NetworkPolicy). */
    public static Map<String, String> selectorLabels(PredictorCluster cluster) {
        return Map.of(
                "app.kubernetes.io/name", "autoship-predictor",
                "app.kubernetes.io/instance", cluster.getMetadata().getName());
    }

    /** Standard labels of everything the operator makes for a cluster. */
    public static Map<String, String> labels(PredictorCluster cluster) {
        return Map.of(
                "app.kubernetes.io/name", "autoship-predictor",
                "app.kubernetes.io/instance", cluster.getMetadata().getName(),
                "app.kubernetes.io/component", "predictor",
                "app.kubernetes.io/part-of", "autoship",
                "app.kubernetes.io/managed-by", MANAGED_BY);
    }

    /**
     * Metadata of a dependent: name, namespace, standard labels, and the cluster as controlling owner
     * (garbage collection deletes the dependent with the cluster; kubectl shows "Controlled By").
     */
    public static ObjectMeta metadata(PredictorCluster cluster, String name) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(cluster.getMetadata().getNamespace())
                .withLabels(labels(cluster))
                .addNewOwnerReference()
                .withApiVersion(cluster.getApiVersion())
                .withKind(cluster.getKind())
                .withName(cluster.getMetadata().getName())
                .withUid(cluster.getMetadata().getUid())
                .withController(true)
                .endOwnerReference()
                .build();
    }

    public static String image(PredictorCluster cluster) {
        String image = cluster.specOrEmpty().image();
        return image == null || image.isBlank() ? DEFAULT_IMAGE : image;
    }

    public static String configMapName(PredictorCluster cluster) {
        return cluster.getMetadata().getName() + "-config";
    }

    public static String endpoint(PredictorCluster cluster) {
        return "http://%s.%s.svc.cluster.local:%d".formatted(cluster.getMetadata().getName(),
                cluster.getMetadata().getNamespace(), cluster.specOrEmpty().serviceOrDefault().portOrDefault());
    }

    private static String loadDefaultImage() {
        try (InputStream in = PredictorPod.class.getResourceAsStream("/dev/autoship/operator/defaults.properties")) {
            if (in == null) {
                throw new IllegalStateException("defaults.properties missing from the operator jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("predictor.image");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
