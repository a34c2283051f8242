package dev.autoship.operator.reconciler;

import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterStatus;
import dev.autoship.operator.dependent.AutoscalingEnabled;
import dev.autoship.operator.dependent.ConfigMapDependent;
import dev.autoship.operator.dependent.ConflictingWriters;
import dev.autoship.operator.dependent.ConflictingWriters.Fight;
import dev.autoship.operator.dependent.DeploymentDependent;
import dev.autoship.operator.dependent.DisruptionBudgetWanted;
import dev.autoship.operator.dependent.HorizontalPodAutoscalerDependent;
import dev.autoship.operator.dependent.NetworkPolicyDependent;
import dev.autoship.operator.dependent.NetworkPolicyEnabled;
import dev.autoship.operator.dependent.PodDisruptionBudgetDependent;
import dev.autoship.operator.dependent.PodMonitorCrdInstalled;
import dev.autoship.operator.dependent.PodMonitorDependent;
import dev.autoship.operator.dependent.PodMonitorWanted;
import dev.autoship.operator.dependent.ServiceDependent;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the spec, then runs the workflow of dependents explicitly, so an invalid spec changes nothing;
 * finally reports what the Deployment really shows. A status that did not change is not written.
 */
@ControllerConfiguration(name = PredictorClusterReconciler.NAME)
@Workflow(explicitInvocation = true, dependents = {
    @Dependent(name = "config", type = ConfigMapDependent.class),
    @Dependent(name = "deployment", type = DeploymentDependent.class, dependsOn = "config"),
    @Dependent(name = "service", type = ServiceDependent.class),
    @Dependent(name = "autoscaler", type = HorizontalPodAutoscalerDependent.class,
            reconcilePrecondition = AutoscalingEnabled.class, dependsOn = "deployment"),
    @Dependent(name = "disruption-budget", type = PodDisruptionBudgetDependent.class,
            reconcilePrecondition = DisruptionBudgetWanted.class),
    @Dependent(name = "network-policy", type = NetworkPolicyDependent.class,
            reconcilePrecondition = NetworkPolicyEnabled.class),
    // only where the Prometheus Operator's CRD is installed (checked a few times, then assumed absent)
    @Dependent(name = "pod-monitor", type = PodMonitorDependent.class,
            activationCondition = PodMonitorCrdInstalled.class,
            reconcilePrecondition = PodMonitorWanted.class)
})
public class PredictorClusterReconciler implements Reconciler<PredictorCluster> {

    public static final String NAME = "predictorcluster";
    private static final Logger LOG = LoggerFactory.getLogger(PredictorClusterReconciler.class);

    private final Clock clock;
    private final ConflictingWriters conflicts;

    public PredictorClusterReconciler(Clock clock, ConflictingWriters conflicts) {
        this.clock = clock;
        this.conflicts = conflicts;
    }

    @Override
    public UpdateControl<PredictorCluster> reconcile(PredictorCluster cluster, Context<PredictorCluster> context) {
        List<String> problems = SpecValidation.problems(cluster);
        PredictorClusterStatus status;
        Optional<Fight> fight = Optional.empty();
        if (problems.isEmpty()) {
            conflicts.joinReconciliation(context);
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow()
                    .throwAggregateExceptionIfErrorsPresent();
            fight = conflicts.fight(cluster);
            status = ObservedStatus.applied(cluster, context.getSecondaryResource(Deployment.class),
                    context.getSecondaryResource(Service.class), fight, clock.instant());
        } else {
            LOG.info("PredictorCluster {}/{} has an invalid spec, nothing applied: {}",
                    cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), problems);
            status = ObservedStatus.invalid(cluster, problems, context.getSecondaryResource(Deployment.class),
                    context.getSecondaryResource(Service.class), clock.instant());
        }
        writeStatus(cluster, status, context);
        // while another writer is waited out, look again when its pause ends (nothing else would trigger it)
        return fight.map(f -> UpdateControl.<PredictorCluster>noUpdate().rescheduleAfter(conflicts.recheckAfter(f)))
                .orElseGet(UpdateControl::noUpdate);
    }

    @Override
    public ErrorStatusUpdateControl<PredictorCluster> updateErrorStatus(PredictorCluster cluster,
            Context<PredictorCluster> context, Exception error) {
        // JOSDK logs the stack trace itself
        LOG.warn("Reconciling PredictorCluster {}/{} failed, retrying with backoff: {}",
                cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), ObservedStatus.describe(error));
        PredictorClusterStatus status = ObservedStatus.failed(cluster, error,
                context.getSecondaryResource(Deployment.class), clock.instant());
        writeStatus(cluster, status, context);
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    /**
     * Writes a status that differs from the current one and records Events for what changed. The written resource
     * goes into JOSDK's cache of PredictorClusters at once: the next reconciliation, often started by a dependent's
     * event before the informer has delivered this write, compares with what was written, not with the status
     * before it (which would write the same change a second time).
     */
    private void writeStatus(PredictorCluster cluster, PredictorClusterStatus status, Context<PredictorCluster> context) {
        PredictorClusterStatus previous = cluster.getStatus();
        if (Objects.equals(status, previous)) {
            return;
        }
        ClusterEvents.record(context.getClient(), cluster, previous, status, clock.instant());
        PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(cluster, context, written -> {
            written.setStatus(status);
            return written;
        });
    }
}
