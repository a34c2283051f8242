package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/** Non-secret predictor settings, read by the pods through envFrom. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterMetadata.MANAGED_SELECTOR))
public class ConfigMapDependent extends ConvergingDependent<ConfigMap> {

    public ConfigMapDependent() {
        super(ConfigMap.class);
    }

    public static String name(PredictorCluster cluster) {
        return cluster.getMetadata().getName() + "-config";
    }

    @Override
    protected ConfigMap build(PredictorCluster cluster, Context<PredictorCluster> context) {
        return new ConfigMapBuilder()
                .withMetadata(ClusterMetadata.of(cluster, name(cluster)))
                .withData(PredictorEnvironment.of(cluster).configData())
                .build();
    }

    @Override
    protected List<String> ownedPaths() {
        return List.of("/data", "/binaryData");
    }
}
