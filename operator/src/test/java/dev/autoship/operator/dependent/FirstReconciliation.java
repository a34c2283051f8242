package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * JOSDK's reconciliation context as the first reconciliation of a cluster meets it: no dependent exists yet. Only
 * what desired() consults is answered; the rest belongs to a running operator.
 */
final class FirstReconciliation implements Context<PredictorCluster> {

    private final PredictorCluster cluster;

    FirstReconciliation(PredictorCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public Optional<RetryInfo> getRetryInfo() {
        return Optional.empty();
    }

    @Override
    public <R> Set<R> getSecondaryResources(Class<R> type) {
        return Set.of();
    }

    @Override
    public <R> Optional<R> getSecondaryResource(Class<R> type, String eventSourceName) {
        return Optional.empty();
    }

    @Override
    public PredictorCluster getPrimaryResource() {
        return cluster;
    }

    @Override
    public ControllerConfiguration<PredictorCluster> getControllerConfiguration() {
        throw notHere();
    }

    @Override
    public ManagedWorkflowAndDependentResourceContext managedWorkflowAndDependentResourceContext() {
        throw notHere();
    }

    @Override
    public EventSourceRetriever<PredictorCluster> eventSourceRetriever() {
        throw notHere();
    }

    @Override
    public KubernetesClient getClient() {
        throw notHere();
    }

    @Override
    public ExecutorService getWorkflowExecutorService() {
        throw notHere();
    }

    @Override
    public IndexedResourceCache<PredictorCluster> getPrimaryCache() {
        throw notHere();
    }

    @Override
    public boolean isNextReconciliationImminent() {
        return false;
    }

    @Override
    public boolean isPrimaryResourceDeleted() {
        return false;
    }

    @Override
    public boolean isPrimaryResourceFinalStateUnknown() {
        return false;
    }

    private static UnsupportedOperationException notHere() {
        return new UnsupportedOperationException("only a running operator has this");
    }
}
