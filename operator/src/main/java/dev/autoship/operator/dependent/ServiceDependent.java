package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.ServiceSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The stable in-cluster endpoint; replaces the old HAProxy round-robin. */
@KubernetesDependent(informer = @Informer(labelSelector = PredictorPod.MANAGED_SELECTOR))
public class ServiceDependent extends CRUDKubernetesDependentResource<Service, PredictorCluster> {

    public ServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(PredictorCluster cluster, Context<PredictorCluster> context) {
        ServiceSpec service = cluster.specOrEmpty().serviceOrDefault();
        return new ServiceBuilder()
                .withMetadata(PredictorPod.metadata(cluster, cluster.getMetadata().getName()))
                .withNewSpec()
                .withType(service.typeOrDefault().name())
                .withSelector(PredictorPod.selectorLabels(cluster))
                .addNewPort()
                .withName(PredictorPod.PORT_NAME)
                .withProtocol("TCP")
                .withPort(service.portOrDefault())
                .withTargetPort(new IntOrString(PredictorPod.PORT_NAME))
                .endPort()
                .endSpec()
                .build();
    }
}
