package dev.autoship.operator.reconciler;

import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterStatus;
import dev.autoship.operator.dependent.PredictorPod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Builds the status from what the cluster really shows; it never reports more ready pods than it can prove. */
final class ObservedStatus {

    private static final int MAX_MESSAGE = 600;

    private ObservedStatus() {
    }

    /** After the workflow applied the spec: readiness comes from the Deployment's own status. */
    static PredictorClusterStatus applied(PredictorCluster cluster, Optional<Deployment> deployment,
            Optional<Service> service, Instant now) {
        var conditions = conditions(cluster, now);
        String name = cluster.getMetadata().getName();
        if (deployment.isEmpty()) {
            conditions.set(ClusterConditions.READY, false, "Creating", "The predictor Deployment is being created")
                    .set(ClusterConditions.PROGRESSING, true, "Creating", "The predictor Deployment is being created")
                    .set(ClusterConditions.DEGRADED, false, "AsExpected", "No problems seen");
            return status(cluster, 0, 0, PredictorPod.image(cluster), service, conditions);
        }
        Deployment d = deployment.get();
        DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int desired = valueOf(d.getSpec().getReplicas());
        int total = valueOf(s.getReplicas());
        int updated = valueOf(s.getUpdatedReplicas());
        int available = valueOf(s.getAvailableReplicas());
        boolean observed = d.getMetadata().getGeneration() == null
                || (s.getObservedGeneration() != null && s.getObservedGeneration() >= d.getMetadata().getGeneration());
        // available pods of the current template: at least `available` minus every pod of an older template
        int currentReady = observed ? Math.max(0, Math.min(updated, available - (total - updated))) : 0;
        boolean complete = observed && updated >= desired && currentReady >= desired && total == updated;
        String counts = "%d of %d pods of the current spec available".formatted(currentReady, desired);
        if (desired == 0) {
            conditions.set(ClusterConditions.READY, false, "ScaledToZero", "spec asks for 0 pods");
        } else if (complete) {
            conditions.set(ClusterConditions.READY, true, "PodsAvailable", counts);
        } else {
            conditions.set(ClusterConditions.READY, false, "PodsNotAvailable", counts);
        }
        if (complete) {
            conditions.set(ClusterConditions.PROGRESSING, false, "RolloutComplete", counts);
        } else {
            conditions.set(ClusterConditions.PROGRESSING, true, "RollingOut",
                    "%s; %d updated, %d in total".formatted(counts, updated, total));
        }
        Optional<DeploymentCondition> stuck = s.getConditions() == null ? Optional.empty() : s.getConditions().stream()
                .filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus()))
                .findFirst();
        if (stuck.isPresent()) {
            conditions.set(ClusterConditions.DEGRADED, true, "RolloutStuck", truncate(
                    "Rollout made no progress (%s). Check the pods: kubectl describe pods -l app.kubernetes.io/instance=%s"
                            .formatted(stuck.get().getMessage(), name)));
        } else {
            conditions.set(ClusterConditions.DEGRADED, false, "AsExpected", "No problems seen");
        }
        return status(cluster, desired, complete ? available : currentReady, imageOf(d), service, conditions);
    }

    /** The spec could not be applied: nothing was changed, the old pods (if any) keep running. */
    static PredictorClusterStatus invalid(PredictorCluster cluster, List<String> problems,
            Optional<Deployment> deployment, Optional<Service> service, Instant now) {
        String message = truncate("Fix the spec: " + String.join("; ", problems));
        var conditions = conditions(cluster, now)
                .set(ClusterConditions.READY, false, "InvalidSpec", message)
                .set(ClusterConditions.PROGRESSING, false, "InvalidSpec", message)
                .set(ClusterConditions.DEGRADED, true, "InvalidSpec", message);
        int replicas = deployment.map(d -> valueOf(d.getSpec().getReplicas())).orElse(0);
        return status(cluster, replicas, 0, deployment.map(ObservedStatus::imageOf).orElse(null), service, conditions);
    }

    /** A reconcile failed (API error, conflict): say so, keep what was known before; the operator retries. */
    static PredictorClusterStatus failed(PredictorCluster cluster, Exception error, Instant now) {
        PredictorClusterStatus previous = cluster.getStatus();
        var conditions = new ClusterConditions(previous == null ? null : previous.conditions(), now,
                previous == null ? null : previous.observedGeneration())
                .keep(ClusterConditions.READY)
                .keep(ClusterConditions.PROGRESSING)
                .set(ClusterConditions.DEGRADED, true, "ReconcileFailed",
                        truncate("Applying the spec failed, retrying with backoff: " + describe(error)));
        if (previous == null) {
            return new PredictorClusterStatus(null, 0, 0, null, null, conditions.build());
        }
        return new PredictorClusterStatus(previous.observedGeneration(), previous.replicas(), previous.readyReplicas(),
                previous.image(), previous.endpoint(), conditions.build());
    }

    private static ClusterConditions conditions(PredictorCluster cluster, Instant now) {
        var previous = cluster.getStatus() == null ? null : cluster.getStatus().conditions();
        return new ClusterConditions(previous, now, cluster.getMetadata().getGeneration());
    }

    private static PredictorClusterStatus status(PredictorCluster cluster, int replicas, int ready, String image,
            Optional<Service> service, ClusterConditions conditions) {
        return new PredictorClusterStatus(cluster.getMetadata().getGeneration(), replicas, ready, image,
                service.map(s -> PredictorPod.endpoint(cluster)).orElse(null), conditions.build());
    }

    private static String imageOf(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> PredictorPod.CONTAINER_NAME.equals(c.getName()))
                .map(c -> c.getImage())
                .findFirst().orElse(null);
    }

    /** The innermost message: what the API server said, not the wrapper's. */
    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static int valueOf(Integer value) {
        return value == null ? 0 : value;
    }

    private static String truncate(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
    }
}
