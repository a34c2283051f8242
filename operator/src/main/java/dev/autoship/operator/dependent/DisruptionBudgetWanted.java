package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** A budget for fewer than two pods protects nothing; while the condition fails the workflow deletes it. */
public class DisruptionBudgetWanted implements Condition<PodDisruptionBudget, PredictorCluster> {

    @Override
    public boolean isMet(DependentResource<PodDisruptionBudget, PredictorCluster> dependentResource,
            PredictorCluster cluster, Context<PredictorCluster> context) {
        return cluster.specOrEmpty().disruptionBudgetOrDefault().enabledOrDefault()
                && cluster.specOrEmpty().replicaFloor() >= 2;
    }
}
