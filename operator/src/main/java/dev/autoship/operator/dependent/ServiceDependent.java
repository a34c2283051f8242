package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.ServiceSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/**
 * The stable in-cluster endpoint (replaces the old HAProxy round-robin): the public port, and the management port for
 * admin calls and scrapers that go through a Service.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterMetadata.MANAGED_SELECTOR))
public class ServiceDependent extends ConvergingDependent<Service> {

    public ServiceDependent() {
        super(Service.class);
    }

    /** In-cluster URL of the predictor API behind the Service. */
    public static String endpoint(PredictorCluster cluster) {
        return "http://%s.%s.svc.cluster.local:%d".formatted(cluster.getMetadata().getName(),
                cluster.getMetadata().getNamespace(), cluster.specOrEmpty().serviceOrDefault().portOrDefault());
    }

    @Override
    protected Service build(PredictorCluster cluster, Context<PredictorCluster> context) {
        ServiceSpec service = cluster.specOrEmpty().serviceOrDefault();
        var metadata = ClusterMetadata.of(cluster, cluster.getMetadata().getName());
        if (service.annotations() != null) {
            metadata.getAnnotations().putAll(service.annotations());
        }
        if (service.labels() != null) {
            // the operator's labels win; validation refuses a spec that sets them
            service.labels().forEach(metadata.getLabels()::putIfAbsent);
        }
        return new ServiceBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                .withType(service.typeOrDefault().name())
                .withSelector(ClusterMetadata.selectorLabels(cluster))
                .addNewPort()
                .withName(PredictorContainer.PORT_NAME)
                .withProtocol("TCP")
                .withPort(service.portOrDefault())
                .withTargetPort(new IntOrString(PredictorContainer.PORT_NAME))
                .endPort()
                .addNewPort()
                .withName(PredictorContainer.MANAGEMENT_PORT_NAME)
                .withProtocol("TCP")
                .withPort(ServiceSpec.MANAGEMENT_PORT)
                .withTargetPort(new IntOrString(PredictorContainer.MANAGEMENT_PORT_NAME))
                .endPort()
                .endSpec()
                .build();
    }

    /** Not the ports: the API server allocates node ports into them. */
    @Override
    protected List<String> ownedPaths() {
        return List.of("/spec/selector");
    }
}
