package dev.autoship.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterStatus;
import dev.autoship.operator.reconciler.ClusterEvents.Change;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClusterEventsTest {

    private static final Instant NOW = Instant.parse("2026-11-24T21:00:00.123456789Z");

    @Test
    void anUnchangedStatusRecordsNothing() {
        PredictorClusterStatus ready = status(true, "PodsAvailable", false, "AsExpected", "No problems seen");
        assertThat(ClusterEvents.between(ready, ready)).isEmpty();
        PredictorClusterStatus invalid = status(false, "InvalidSpec", true, "InvalidSpec", "Fix the spec: a");
        assertThat(ClusterEvents.between(invalid, invalid)).isEmpty();
    }

    @Test
    void creationIsNotANewsItemButBecomingReadyIs() {
        PredictorClusterStatus creating = status(false, "Creating", false, "AsExpected", "No problems seen");
        assertThat(ClusterEvents.between(null, creating)).isEmpty();
        assertThat(ClusterEvents.between(creating, status(true, "PodsAvailable", false, "AsExpected", "ok")))
                .extracting(Change::type, Change::reason, Change::message)
                .containsExactly(tuple("Normal", "Ready", "PodsAvailable message"));
    }

    @Test
    void losingReadinessIsRecordedWithItsReason() {
        assertThat(ClusterEvents.between(status(true, "PodsAvailable", false, "AsExpected", "ok"),
                status(false, "PodsNotAvailable", false, "AsExpected", "ok")))
                .extracting(Change::type, Change::reason, Change::message)
                .containsExactly(tuple("Normal", "NotReady", "PodsNotAvailable: PodsNotAvailable message"));
    }

    @Test
    void becomingDegradedOrForAnotherReasonIsAWarningNamingWhatToFix() {
        PredictorClusterStatus fine = status(false, "Creating", false, "AsExpected", "No problems seen");
        PredictorClusterStatus invalid = status(false, "InvalidSpec", true, "InvalidSpec", "Fix the spec: a");
        assertThat(ClusterEvents.between(fine, invalid))
                .extracting(Change::type, Change::reason, Change::message)
                .containsExactly(tuple("Warning", "InvalidSpec", "Fix the spec: a"));
        assertThat(ClusterEvents.between(invalid, status(false, "InvalidSpec", true, "InvalidSpec", "Fix the spec: b")))
                .extracting(Change::type, Change::reason, Change::message)
                .containsExactly(tuple("Warning", "InvalidSpec", "Fix the spec: b"));
        assertThat(ClusterEvents.between(invalid, status(false, "InvalidSpec", true, "ReconcileFailed", "403")))
                .extracting(Change::type, Change::reason, Change::message)
                .containsExactly(tuple("Warning", "ReconcileFailed", "403"));
        assertThat(ClusterEvents.between(null, status(false, "Creating", true, "ReconcileFailed", "403")))
                .extracting(Change::type, Change::reason, Change::message)
                .containsExactly(tuple("Warning", "ReconcileFailed", "403"));
    }

    @Test
    void theEventPointsAtTheClusterAndNamesTheOperator() {
        PredictorCluster cluster = new PredictorCluster();
        cluster.getMetadata().setName("shop");
        cluster.getMetadata().setNamespace("ns");
        cluster.getMetadata().setUid("uid-1");
        Event event = ClusterEvents.event(cluster, new Change("Warning", "InvalidSpec", "Fix it", "a->b"), NOW);

        assertThat(event.getMetadata().getName()).matches("shop\\.[0-9a-f]{16}");
        assertThat(event.getMetadata().getNamespace()).isEqualTo("ns");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("PredictorCluster");
        assertThat(event.getInvolvedObject().getApiVersion()).isEqualTo("autoship.dev/v1alpha1");
        assertThat(event.getInvolvedObject().getUid()).isEqualTo("uid-1");
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getReason()).isEqualTo("InvalidSpec");
        assertThat(event.getSource().getComponent()).isEqualTo("autoship-operator");
        assertThat(event.getFirstTimestamp()).isEqualTo("2026-11-24T21:00:00Z");
        assertThat(event.getCount()).isEqualTo(1);
    }

    @Test
    void theSameTransitionSeenTwiceGetsTheSameEventNameSoItIsRecordedOnce() {
        PredictorCluster cluster = new PredictorCluster();
        cluster.getMetadata().setName("shop");
        cluster.getMetadata().setUid("uid-1");
        PredictorClusterStatus ready = status(true, "PodsAvailable", false, "AsExpected", "ok");
        PredictorClusterStatus rolling = status(false, "PodsNotAvailable", false, "AsExpected", "ok");
        PredictorClusterStatus readyLater = new PredictorClusterStatus(1L, 1, 1, "image", null,
                new ClusterConditions(null, NOW.plusSeconds(60), 1L)
                        .set(ClusterConditions.READY, true, "PodsAvailable", "PodsAvailable message").build(), null);

        String first = name(cluster, ClusterEvents.between(ready, rolling).getFirst());
        assertThat(name(cluster, ClusterEvents.between(ready, rolling).getFirst())).isEqualTo(first);
        // losing readiness again later is another Event
        assertThat(name(cluster, ClusterEvents.between(readyLater, rolling).getFirst())).isNotEqualTo(first);
    }

    private static String name(PredictorCluster cluster, Change change) {
        return ClusterEvents.event(cluster, change, NOW).getMetadata().getName();
    }

    private static PredictorClusterStatus status(boolean ready, String readyReason, boolean degraded,
            String degradedReason, String degradedMessage) {
        var conditions = new ClusterConditions(null, NOW, 1L)
                .set(ClusterConditions.READY, ready, readyReason, readyReason + " message")
                .set(ClusterConditions.DEGRADED, degraded, degradedReason, degradedMessage);
        return new PredictorClusterStatus(1L, 1, ready ? 1 : 0, "image", null, conditions.build(), null);
    }
}
