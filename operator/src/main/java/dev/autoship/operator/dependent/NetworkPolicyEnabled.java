package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The NetworkPolicy exists only while spec.networkPolicy is set. */
public class NetworkPolicyEnabled implements Condition<NetworkPolicy, PredictorCluster> {

    @Override
    public boolean isMet(DependentResource<NetworkPolicy, PredictorCluster> dependentResource,
            PredictorCluster cluster, Context<PredictorCluster> context) {
        return cluster.specOrEmpty().networkPolicy() != null;
    }
}
