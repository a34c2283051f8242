package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.monitoring.PodMonitor;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** The PodMonitor exists only while spec.monitoring.podMonitor is set; when the condition fails it is deleted. */
public class PodMonitorWanted implements Condition<PodMonitor, PredictorCluster> {

    @Override
    public boolean isMet(DependentResource<PodMonitor, PredictorCluster> dependentResource, PredictorCluster cluster,
            Context<PredictorCluster> context) {
        return PodMonitorDependent.settings(cluster) != null;
    }
}
