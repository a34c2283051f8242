package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Keeps all but one pod of the replica floor running through voluntary disruptions such as node drains. */
@KubernetesDependent(informer = @Informer(labelSelector = PredictorPod.MANAGED_SELECTOR))
public class PodDisruptionBudgetDependent extends CRUDKubernetesDependentResource<PodDisruptionBudget, PredictorCluster> {

    public PodDisruptionBudgetDependent() {
        super(PodDisruptionBudget.class);
    }

    @Override
    protected PodDisruptionBudget desired(PredictorCluster cluster, Context<PredictorCluster> context) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(PredictorPod.metadata(cluster, cluster.getMetadata().getName()))
                .withNewSpec()
                .withMinAvailable(new IntOrString(cluster.specOrEmpty().replicaFloor() - 1))
                .withNewSelector().withMatchLabels(PredictorPod.selectorLabels(cluster)).endSelector()
                .endSpec()
                .build();
    }
}
