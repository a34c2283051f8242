package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.AutoscalingSpec;
import dev.autoship.operator.crd.PredictorCluster;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/** Scales the Deployment (on CPU unless other metrics are given) while spec.autoscaling is set (see {@link AutoscalingEnabled}). */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterMetadata.MANAGED_SELECTOR))
public class HorizontalPodAutoscalerDependent
        extends ConvergingDependent<HorizontalPodAutoscaler> {

    public HorizontalPodAutoscalerDependent() {
        super(HorizontalPodAutoscaler.class);
    }

    @Override
    protected HorizontalPodAutoscaler build(PredictorCluster cluster, Context<PredictorCluster> context) {
        AutoscalingSpec autoscaling = cluster.specOrEmpty().autoscaling();
        var metadata = ClusterMetadata.of(cluster, cluster.getMetadata().getName());
        if (autoscaling == null) {
            // JOSDK asks for desired() to find the HPA it deletes once autoscaling is unset: the name is enough
            return new HorizontalPodAutoscalerBuilder().withMetadata(metadata).build();
        }
        return new HorizontalPodAutoscalerBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                .withNewScaleTargetRef("apps/v1", "Deployment", cluster.getMetadata().getName())
                .withMinReplicas(autoscaling.minReplicas())
                .withMaxReplicas(autoscaling.maxReplicas())
                .withMetrics(StoredForm.metrics(autoscaling.metricsOrDefault()))
                .withBehavior(autoscaling.behavior())
                .endSpec()
                .build();
    }

    /** Not the behavior: an API server fills in the defaults of a behavior that is given. */
    @Override
    protected List<String> ownedPaths() {
        return List.of("/spec/scaleTargetRef", "/spec/metrics");
    }
}
