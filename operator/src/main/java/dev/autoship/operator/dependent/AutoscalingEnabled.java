package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The HPA exists only while spec.autoscaling is set; when the condition fails the workflow deletes it. */
public class AutoscalingEnabled implements Condition<HorizontalPodAutoscaler, PredictorCluster> {

    @Override
    public boolean isMet(DependentResource<HorizontalPodAutoscaler, PredictorCluster> dependentResource,
            PredictorCluster cluster, Context<PredictorCluster> context) {
        return cluster.specOrEmpty().autoscaling() != null;
    }
}
