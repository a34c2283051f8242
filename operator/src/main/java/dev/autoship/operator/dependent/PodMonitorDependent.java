package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PodMonitorSettings;
import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.monitoring.PodMonitor;
import dev.autoship.operator.monitoring.PodMonitorSpec;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/** Lets a Prometheus Operator scrape the predictor pods' metrics, while spec.monitoring.podMonitor is set. */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterMetadata.MANAGED_SELECTOR))
public class PodMonitorDependent extends ConvergingDependent<PodMonitor> {

    public PodMonitorDependent() {
        super(PodMonitor.class);
    }

    @Override
    protected PodMonitor build(PredictorCluster cluster, Context<PredictorCluster> context) {
        PodMonitor monitor = new PodMonitor();
        monitor.setMetadata(ClusterMetadata.of(cluster, cluster.getMetadata().getName()));
        PodMonitorSettings settings = settings(cluster);
        if (settings == null) {
            // JOSDK asks for desired() to find the PodMonitor it deletes once it is no longer wanted
            return monitor;
        }
        if (settings.labels() != null) {
            settings.labels().forEach(monitor.getMetadata().getLabels()::putIfAbsent);
        }
        monitor.setSpec(new PodMonitorSpec(
                new LabelSelectorBuilder().withMatchLabels(ClusterMetadata.selectorLabels(cluster)).build(),
                List.of(new PodMonitorSpec.PodMetricsEndpoint(PredictorContainer.MANAGEMENT_PORT_NAME,
                        PredictorContainer.METRICS_PATH, settings.interval(), settings.scrapeTimeout()))));
        return monitor;
    }

    @Override
    protected List<String> ownedPaths() {
        return List.of("/spec/selector", "/spec/podMetricsEndpoints");
    }

    static PodMonitorSettings settings(PredictorCluster cluster) {
        var monitoring = cluster.specOrEmpty().monitoring();
        return monitoring == null ? null : monitoring.podMonitor();
    }
}
