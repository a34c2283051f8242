package dev.autoship.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/**
 * Pod counts from a Deployment's status. {@code observed}: the Deployment controller has seen the current
 * template; until then none of the counts describe it.
 */
record DeploymentPods(int desired, int total, int updated, int available, boolean observed) {

    static DeploymentPods of(Deployment deployment) {
        DeploymentStatus s = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        Long generation = deployment.getMetadata().getGeneration();
        boolean observed = generation == null
                || (s.getObservedGeneration() != null && s.getObservedGeneration() >= generation);
        return new DeploymentPods(valueOf(deployment.getSpec().getReplicas()), valueOf(s.getReplicas()),
                valueOf(s.getUpdatedReplicas()), valueOf(s.getAvailableReplicas()), observed);
    }

    /** Available pods of the current template: at least {@code available} minus every pod of an older one. */
    int currentAvailable() {
        return observed ? Math.max(0, Math.min(updated, available - olderTemplate())) : 0;
    }

    /** Pods of an older template still running: a rollout of a new template is under way. */
    int olderTemplate() {
        return Math.max(0, total - updated);
    }

    /** A template rollout is under way; a scale-up or scale-down alone is not one. */
    boolean rollingOut() {
        return !observed || olderTemplate() > 0;
    }

    private static int valueOf(Integer value) {
        return value == null ? 0 : value;
    }
}
