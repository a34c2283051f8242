package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/**
 * Lets voluntary disruptions such as node drains take at most {@code maxUnavailable} pods at a time, however many
 * pods the autoscaler runs. Pods that are not ready may always be evicted (AlwaysAllow), so a crash-looping pod
 * never blocks a drain.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterMetadata.MANAGED_SELECTOR))
public class PodDisruptionBudgetDependent extends ConvergingDependent<PodDisruptionBudget> {

    static final String ALWAYS_ALLOW = "AlwaysAllow";

    public PodDisruptionBudgetDependent() {
        super(PodDisruptionBudget.class);
    }

    @Override
    protected PodDisruptionBudget build(PredictorCluster cluster, Context<PredictorCluster> context) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(ClusterMetadata.of(cluster, cluster.getMetadata().getName()))
                .withNewSpec()
                .withMaxUnavailable(cluster.specOrEmpty().disruptionBudgetOrDefault().maxUnavailableOrDefault())
                .withUnhealthyPodEvictionPolicy(ALWAYS_ALLOW)
                .withNewSelector().withMatchLabels(ClusterMetadata.selectorLabels(cluster)).endSelector()
                .endSpec()
                .build();
    }

    @Override
    protected List<String> ownedPaths() {
        return List.of("/spec");
    }
}
