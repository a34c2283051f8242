package dev.autoship.operator.reconciler;

import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterStatus;
import dev.autoship.operator.dependent.ClusterMetadata;
import dev.autoship.operator.dependent.Sha256;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
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
 *
 * <p>An Event's name is derived from the transition (the old condition's lastTransitionTime and the new state), so
 * a reconciliation that runs again on the same old status (a stale cache, a failed status write) meets its own
 * Event (409) instead of recording the transition twice.
 */
public final class ClusterEvents {

    /** The kind written and the verbs used, for RBAC ({@code OperatorPermissions}). */
    public static final Class<Event> RESOURCE = Event.class;
    public static final List<String> VERBS = List.of("create");
    static final String COMPONENT = ClusterMetadata.MANAGED_BY;
    static final String NORMAL = "Normal";
    static final String WARNING = "Warning";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterEvents.class);

    /** One Event to record: type Normal or Warning, a CamelCase reason, a message; transition identifies it. */
    record Change(String type, String reason, String message, String transition) {
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
                .ifPresent(degraded -> changes.add(new Change(WARNING, degraded.getReason(), degraded.getMessage(),
                        transition(wasDegraded, degraded.getReason() + "|" + degraded.getMessage()))));
        Optional<Condition> wasReady = condition(previous, ClusterConditions.READY);
        boolean wasTrue = wasReady.filter(old -> "True".equals(old.getStatus())).isPresent();
        condition(next, ClusterConditions.READY).ifPresent(ready -> {
            boolean isReady = "True".equals(ready.getStatus());
            if (isReady && !wasTrue) {
                changes.add(new Change(NORMAL, "Ready", ready.getMessage(), transition(wasReady, "Ready")));
            } else if (!isReady && wasTrue) {
                changes.add(new Change(NORMAL, "NotReady", ready.getReason() + ": " + ready.getMessage(),
                        transition(wasReady, "NotReady")));
            }
        });
        return List.copyOf(changes);
    }

    /** Records the Events for the change from {@code previous} to {@code next}; failures are logged, not thrown. */
    static void record(KubernetesClient client, PredictorCluster cluster, PredictorClusterStatus previous,
            PredictorClusterStatus next, Instant now) {
        for (Change change : between(previous, next)) {
            Event event = event(cluster, change, now);
            try {
                client.v1().events().inNamespace(cluster.getMetadata().getNamespace()).resource(event).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                    LOG.debug("Event {} already recorded", event.getMetadata().getName());
                } else {
                    warnNotRecorded(cluster, change, e);
                }
            } catch (RuntimeException e) {
                warnNotRecorded(cluster, change, e);
            }
        }
    }

    /** An Event is a courtesy to the reader; the status conditions carry the same facts. */
    private static void warnNotRecorded(PredictorCluster cluster, Change change, RuntimeException e) {
        LOG.warn("Could not record Event {} on PredictorCluster {}/{}: {}", change.reason(),
                cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), ObservedStatus.describe(e));
    }

    static Event event(PredictorCluster cluster, Change change, Instant now) {
        String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        return new EventBuilder()
                .withNewMetadata()
                .withName(cluster.getMetadata().getName() + "." + digest(cluster.getMetadata().getUid() + "|"
                        + change.transition()))
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

    /** The old condition (by its lastTransitionTime) and where it went. */
    private static String transition(Optional<Condition> old, String to) {
        return old.map(c -> c.getType() + "@" + c.getLastTransitionTime()).orElse("none") + "->" + to;
    }

    private static String digest(String text) {
        return Sha256.hex(text, 8);
    }

    private static Optional<Condition> condition(PredictorClusterStatus status, String type) {
        return status == null ? Optional.empty() : status.condition(type);
    }
}
