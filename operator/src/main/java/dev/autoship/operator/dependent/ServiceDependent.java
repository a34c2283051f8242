package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.ServiceSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.ArrayList;
import java.util.List;

/**
 * The stable in-cluster endpoint (replaces the old HAProxy round-robin): the public port, and — on a ClusterIP Service
 * only — the management port for admin calls and scrapers that go through a Service. A NodePort or LoadBalancer
 * Service is reachable from outside the cluster, where nobody may delete models or read the metrics, so it carries
 * the public port alone (the pods still serve the management port: probes and the PodMonitor reach them directly).
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
        List<ServicePort> ports = new ArrayList<>();
        ports.add(port(PredictorContainer.PORT_NAME, service.portOrDefault()));
        if (service.typeOrDefault() == ServiceSpec.ServiceType.ClusterIP) {
            ports.add(port(PredictorContainer.MANAGEMENT_PORT_NAME, ServiceSpec.MANAGEMENT_PORT));
        }
        return new ServiceBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                .withType(service.typeOrDefault().name())
                .withSelector(ClusterMetadata.selectorLabels(cluster))
                .withPorts(ports)
                .endSpec()
                .build();
    }

    private static ServicePort port(String name, int number) {
        return new ServicePortBuilder().withName(name).withProtocol("TCP").withPort(number)
                .withTargetPort(new IntOrString(name)).build();
    }

    /** Not the ports: the API server allocates node ports into them. */
    @Override
    protected List<String> ownedPaths() {
        return List.of("/spec/selector");
    }
}
