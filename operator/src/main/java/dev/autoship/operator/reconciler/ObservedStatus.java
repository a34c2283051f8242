package dev.autoship.operator.reconciler;

import dev.autoship.operator.crd.PodCounts;
import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterSpec;
import dev.autoship.operator.crd.PredictorClusterStatus;
import dev.autoship.operator.dependent.ClusterMetadata;
import dev.autoship.operator.dependent.ConflictingWriters.Fight;
import dev.autoship.operator.dependent.PredictorContainer;
import dev.autoship.operator.dependent.ServiceDependent;
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
    static final String CONFLICTING_WRITER = "ConflictingWriter";

    private ObservedStatus() {
    }

    /**
     * After the workflow applied the spec. Ready: at least the pods the spec promises (the replica floor less the
     * rollout's maxUnavailable) of the current template are available. Progressing: a template rollout is under way,
     * from its start until that promise holds for the new template. Scaling alone changes neither.
     */
    static PredictorClusterStatus applied(PredictorCluster cluster, Optional<Deployment> deployment,
            Optional<Service> service, Optional<Fight> fight, Instant now) {
        var conditions = conditions(cluster, now);
        PredictorClusterSpec spec = cluster.specOrEmpty();
        if (deployment.isEmpty()) {
            conditions.set(ClusterConditions.READY, false, "Creating", "The predictor Deployment is being created")
                    .set(ClusterConditions.PROGRESSING, true, "Creating", "The predictor Deployment is being created");
            degraded(conditions, Optional.empty(), cluster, fight);
            return status(cluster, 0, 0, spec.imageOrDefault(), service, conditions);
        }
        Deployment d = deployment.get();
        DeploymentPods pods = DeploymentPods.of(d);
        PredictorClusterStatus previous = cluster.getStatus();
        if (!pods.observed() && previous != null && previous.condition(ClusterConditions.READY).isPresent()
                && previous.condition(ClusterConditions.PROGRESSING).isPresent()) {
            // The Deployment controller has not seen the last change (a new template, or only a new count from the
            // autoscaler) and its counts describe the one before: keep what they said until it has.
            conditions.keep(ClusterConditions.READY).keep(ClusterConditions.PROGRESSING);
            degraded(conditions, deployment, cluster, fight);
            return status(cluster, pods.desired(), previous.readyReplicas() == null ? 0 : previous.readyReplicas(),
                    imageOf(d), service, conditions);
        }
        int floor = spec.replicaFloor();
        int required = floor == 0 ? 0
                : Math.max(1, floor - PodCounts.roundedDown(spec.rolloutOrDefault().maxUnavailableOrDefault(), floor));
        boolean promiseKept = pods.observed() && pods.currentAvailable() >= required;
        String counts = "%d pods of the current spec available, %d required".formatted(pods.currentAvailable(), required);
        if (floor == 0) {
            conditions.set(ClusterConditions.READY, false, "ScaledToZero", "spec asks for 0 pods");
        } else if (promiseKept) {
            conditions.set(ClusterConditions.READY, true, "PodsAvailable", counts);
        } else {
            conditions.set(ClusterConditions.READY, false, "PodsNotAvailable", counts);
        }
        boolean wasProgressing = previous != null && previous.condition(ClusterConditions.PROGRESSING)
                .filter(c -> "True".equals(c.getStatus())).isPresent();
        if (pods.rollingOut() || (wasProgressing && !promiseKept && floor > 0)) {
            conditions.set(ClusterConditions.PROGRESSING, true, "RollingOut",
                    "%d of %d pods run the current spec; %s".formatted(pods.updated(), pods.total(), counts));
        } else {
            conditions.set(ClusterConditions.PROGRESSING, false, "RolloutComplete", "Every pod runs the current spec");
        }
        degraded(conditions, deployment, cluster, fight);
        return status(cluster, pods.desired(), pods.currentAvailable(), imageOf(d), service, conditions);
    }

    /** Another writer undoing the operator's writes comes first: until it stops, nothing else can be fixed. */
    private static void degraded(ClusterConditions conditions, Optional<Deployment> deployment, PredictorCluster cluster,
            Optional<Fight> fight) {
        if (fight.isPresent()) {
            conditions.set(ClusterConditions.DEGRADED, true, CONFLICTING_WRITER, conflictMessage(fight.get()));
            return;
        }
        DeploymentStatus s = deployment.map(Deployment::getStatus).orElseGet(DeploymentStatus::new);
        Optional<DeploymentCondition> stuck = s.getConditions() == null ? Optional.empty() : s.getConditions().stream()
                .filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus()))
                .findFirst();
        if (stuck.isPresent()) {
            conditions.set(ClusterConditions.DEGRADED, true, "RolloutStuck", truncate(
                    "Rollout made no progress (%s). Check the pods: kubectl describe pods -l app.kubernetes.io/instance=%s"
                            .formatted(stuck.get().getMessage(), cluster.getMetadata().getName())));
        } else {
            conditions.set(ClusterConditions.DEGRADED, false, "AsExpected", "No problems seen");
        }
    }

    /**
     * Names the object and the field and says what the operator does; it stays the same for as long as the fight
     * does, so the fight records one Event.
     */
    static String conflictMessage(Fight fight) {
        return truncate(("%s %s: something else keeps changing %s after the operator writes it (a mutating admission "
                + "webhook, another controller, or the API server storing the value in another form). The operator "
                + "writes it again less and less often (at least every %s) until that stops; make the other writer "
                + "leave this field alone or set the spec to what it writes").formatted(fight.kind(), fight.name(),
                fight.path(), fight.maxPause()));
    }

    /** The spec could not be applied: nothing was changed, the pods of an earlier spec (if any) keep running. */
    static PredictorClusterStatus invalid(PredictorCluster cluster, List<String> problems,
            Optional<Deployment> deployment, Optional<Service> service, Instant now) {
        String message = truncate("Fix the spec: " + String.join("; ", problems));
        var conditions = conditions(cluster, now)
                .set(ClusterConditions.READY, false, "InvalidSpec", message)
                .set(ClusterConditions.PROGRESSING, false, "InvalidSpec", message)
                .set(ClusterConditions.DEGRADED, true, "InvalidSpec", message);
        Optional<DeploymentPods> pods = deployment.map(DeploymentPods::of);
        return status(cluster, pods.map(DeploymentPods::desired).orElse(0),
                pods.map(DeploymentPods::currentAvailable).orElse(0),
                deployment.map(ObservedStatus::imageOf).orElse(null), service, conditions);
    }

    /**
     * A reconcile failed (API error, conflict): say so, keep the other conditions, count what the Deployment shows
     * (or what was known before); the operator retries.
     */
    static PredictorClusterStatus failed(PredictorCluster cluster, Exception error, Optional<Deployment> deployment,
            Instant now) {
        PredictorClusterStatus previous = cluster.getStatus();
        var conditions = new ClusterConditions(previous == null ? null : previous.conditions(), now,
                previous == null ? null : previous.observedGeneration())
                .keep(ClusterConditions.READY)
                .keep(ClusterConditions.PROGRESSING)
                .set(ClusterConditions.DEGRADED, true, "ReconcileFailed",
                        truncate("Applying the spec failed, retrying with backoff: " + describe(error)));
        Optional<DeploymentPods> pods = deployment.map(DeploymentPods::of);
        Integer replicas = pods.map(DeploymentPods::desired)
                .orElse(previous == null ? Integer.valueOf(0) : previous.replicas());
        Integer ready = pods.map(DeploymentPods::currentAvailable)
                .orElse(previous == null ? Integer.valueOf(0) : previous.readyReplicas());
        if (previous == null) {
            return new PredictorClusterStatus(null, replicas, ready, deployment.map(ObservedStatus::imageOf).orElse(null),
                    null, conditions.build(), ClusterMetadata.selector(cluster));
        }
        return new PredictorClusterStatus(previous.observedGeneration(), replicas, ready,
                deployment.map(ObservedStatus::imageOf).orElse(previous.image()), previous.endpoint(), conditions.build(),
                ClusterMetadata.selector(cluster));
    }

    private static ClusterConditions conditions(PredictorCluster cluster, Instant now) {
        var previous = cluster.getStatus() == null ? null : cluster.getStatus().conditions();
        return new ClusterConditions(previous, now, cluster.getMetadata().getGeneration());
    }

    private static PredictorClusterStatus status(PredictorCluster cluster, int replicas, int ready, String image,
            Optional<Service> service, ClusterConditions conditions) {
        return new PredictorClusterStatus(cluster.getMetadata().getGeneration(), replicas, ready, image,
                service.map(s -> ServiceDependent.endpoint(cluster)).orElse(null), conditions.build(),
                ClusterMetadata.selector(cluster));
    }

    private static String imageOf(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> PredictorContainer.NAME.equals(c.getName()))
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

    private static String truncate(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
    }
}
