package dev.autoship.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Kubernetes-style conditions: lastTransitionTime changes only when a condition's status changes. */
public final class ClusterConditions {

    public static final String READY = "Ready";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";

    private final List<Condition> previous;
    private final List<Condition> next = new ArrayList<>();
    private final Instant now;
    private final Long generation;

    public ClusterConditions(List<Condition> previous, Instant now, Long generation) {
        this.previous = previous == null ? List.of() : previous;
        this.now = now;
        this.generation = generation;
    }

    public ClusterConditions set(String type, boolean status, String reason, String message) {
        String statusText = status ? "True" : "False";
        String transition = find(previous, type)
                .filter(old -> statusText.equals(old.getStatus()))
                .map(Condition::getLastTransitionTime)
                .orElse(now.toString());
        next.removeIf(c -> type.equals(c.getType()));
        next.add(new ConditionBuilder().withType(type).withStatus(statusText).withReason(reason)
                .withMessage(message).withLastTransitionTime(transition).withObservedGeneration(generation).build());
        return this;
    }

    /** Keeps a condition as it was (used when a reconcile failed and nothing new is known about it). */
    public ClusterConditions keep(String type) {
        find(previous, type).ifPresent(old -> {
            next.removeIf(c -> type.equals(c.getType()));
            next.add(old);
        });
        return this;
    }

    public List<Condition> build() {
        return List.copyOf(next);
    }

    private static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
