package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.monitoring.PodMonitor;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.CRDPresentActivationCondition;
import java.net.HttpURLConnection;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PodMonitor dependent (and its informer) is active only where the Prometheus Operator's CRD is installed.
 * An operator whose RBAC may not read CRDs makes no PodMonitor instead of failing every reconciliation.
 */
public class PodMonitorCrdInstalled extends CRDPresentActivationCondition<PodMonitor, PredictorCluster> {

    private static final Logger LOG = LoggerFactory.getLogger(PodMonitorCrdInstalled.class);

    private final AtomicBoolean warned = new AtomicBoolean();

    @Override
    public boolean isMet(DependentResource<PodMonitor, PredictorCluster> dependentResource, PredictorCluster cluster,
            Context<PredictorCluster> context) {
        try {
            return super.isMet(dependentResource, cluster, context);
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN) {
                throw e;
            }
            if (warned.compareAndSet(false, true)) {
                LOG.warn("May not read CustomResourceDefinitions, so no PodMonitor is made: grant get on "
                        + "apiextensions.k8s.io customresourcedefinitions ({})", e.getMessage());
            }
            return false;
        }
    }
}
