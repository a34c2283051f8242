package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;

/** Labels and metadata of everything the operator makes for a cluster. */
public final class ClusterMetadata {

    public static final String MANAGED_BY = "autoship-operator";
    /** Informers of the dependents only see what the operator made. */
    public static final String MANAGED_SELECTOR = "app.kubernetes.io/managed-by=" + MANAGED_BY;

    private ClusterMetadata() {
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
    public static ObjectMeta of(PredictorCluster cluster, String name) {
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
}
