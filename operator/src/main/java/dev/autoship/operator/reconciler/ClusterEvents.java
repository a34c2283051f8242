package dev.autoship.operator.reconciler;

import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterStatus;
import dev.autoship.operator.dependent.PredictorPod;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events (core/v1) on a PredictorCluster for the changes a person should see in
 * {@code kubectl describe pcl} or {@code kubectl get events}: the cluster became Ready or stopped being Ready, or
 * it became Degraded (InvalidSpec, ReconcileFailed, RolloutStuck) or the reason for that changed. Derived from the
 * change between the old and the new conditions only, so a resync that changes nothing records nothing. An Event
 * that cannot be written is logged and dropped: it never fails the reconciliation.
 */
public final class ClusterEvents {

    /** The kind written and the verbs used, for RBAC ({@code OperatorPermissions}). */
    public static final Class<Event> RESOURCE = Event.class;
    public static final List<String> VERBS = List.of("create");
    static final String COMPONENT = PredictorPod.MANAGED_BY;
    static final String NORMAL = "Normal";
    static final String WARNING = "Warning";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterEvents.class);

    /** One Event to record: type Normal or Warning, a CamelCase reason, a message. */
    record Change(String type, String reason, String message) {
    }

    private ClusterEvents() {
    }

    /** What a person should hear about when the status goes from {@code previous} to {@code next}. */
    static List<Change> between(PredictorClusterStatus previous, PredictorClusterStatus next) {
        List<Change> changes = new ArrayList<>();
        Optional<Condition> wasDegraded = condition(previous, ClusterConditions.DEGRADED);
        condition(next, ClusterConditions.DEGRADED)
                .filter(degraded -> "True".equals(degraded.getStatus()))
                .filter(degraded -> wasDegraded.filter(old -> "True".equals(old.getStatus())
                        && Objects.equals(old.getReason(), degraded.getReason())
                        && Objects.equals(old.getMessage(), degraded.getMessage())).isEmpty())
                .ifPresent(degraded -> changes.add(new Change(WARNING, degraded.getReason(), degraded.getMessage())));
        Optional<String> wasReady = condition(previous, ClusterConditions.READY).map(Condition::getStatus);
        condition(next, ClusterConditions.READY).ifPresent(ready -> {
            boolean isReady = "True".equals(ready.getStatus());
            if (isReady && !wasReady.equals(Optional.of("True"))) {
                changes.add(new Change(NORMAL, "Ready", ready.getMessage()));
            } else if (!isReady && wasReady.equals(Optional.of("True"))) {
                changes.add(new Change(NORMAL, "NotReady", ready.getReason() + ": " + ready.getMessage()));
            }
        });
        return List.copyOf(changes);
    }

    /** Records the Events for the change from {@code previous} to {@code next}; failures are logged, not thrown. */
    static void record(KubernetesClient client, PredictorCluster cluster, PredictorClusterStatus previous,
            PredictorClusterStatus next, Instant now) {
        List<Change> changes = between(previous, next);
        for (int i = 0; i < changes.size(); i++) {
            Event event = event(cluster, changes.get(i), now, i);
            try {
                client.v1().events().inNamespace(cluster.getMetadata().getNamespace()).resource(event).create();
            } catch (RuntimeException e) {
                // an Event is a courtesy to the reader; the status conditions carry the same facts
                LOG.warn("Could not record Event {} on PredictorCluster {}/{}: {}", changes.get(i).reason(),
                        cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(),
                        ObservedStatus.describe(e));
            }
        }
    }

    static Event event(PredictorCluster cluster, Change change, Instant now, int sequence) {
        String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano() + sequence;
        return new EventBuilder()
                .withNewMetadata()
                // client-go names Events the same way: object name and a hexadecimal timestamp
                .withName("%s.%x".formatted(cluster.getMetadata().getName(), nanos))
                .withNamespace(cluster.getMetadata().getNamespace())
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(cluster.getApiVersion())
                .withKind(cluster.getKind())
                .withName(cluster.getMetadata().getName())
                .withNamespace(cluster.getMetadata().getNamespace())
                .withUid(cluster.getMetadata().getUid())
                .endInvolvedObject()
                .withType(change.type())
                .withReason(change.reason())
                .withMessage(change.message())
                .withNewSource().withComponent(COMPONENT).endSource()
                .withFirstTimestamp(timestamp)
                .withLastTimestamp(timestamp)
                .withCount(1)
                .build();
    }

    private static Optional<Condition> condition(PredictorClusterStatus status, String type) {
        return status == null ? Optional.empty() : status.condition(type);
    }
}
