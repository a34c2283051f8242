package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Non-secret predictor settings, read by the pods through envFrom. */
@KubernetesDependent(informer = @Informer(labelSelector = PredictorPod.MANAGED_SELECTOR))
public class ConfigMapDependent extends CRUDKubernetesDependentResource<ConfigMap, PredictorCluster> {

    public ConfigMapDependent() {
        super(ConfigMap.class);
    }

    @Override
    protected ConfigMap desired(PredictorCluster cluster, Context<PredictorCluster> context) {
        return new ConfigMapBuilder()
                .withMetadata(PredictorPod.metadata(cluster, PredictorPod.configMapName(cluster)))
                .withData(PredictorEnvironment.of(cluster.specOrEmpty()).configData())
                .build();
    }
}
