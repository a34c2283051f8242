package dev.autoship.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

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
                .containsExactly(new Change("Normal", "Ready", "PodsAvailable message"));
    }

    @Test
    void losingReadinessIsRecordedWithItsReason() {
        assertThat(ClusterEvents.between(status(true, "PodsAvailable", false, "AsExpected", "ok"),
                status(false, "PodsNotAvailable", false, "AsExpected", "ok")))
                .containsExactly(new Change("Normal", "NotReady", "PodsNotAvailable: PodsNotAvailable message"));
    }

    @Test
    void becomingDegradedOrForAnotherReasonIsAWarningNamingWhatToFix() {
        PredictorClusterStatus fine = status(false, "Creating", false, "AsExpected", "No problems seen");
        PredictorClusterStatus invalid = status(false, "InvalidSpec", true, "InvalidSpec", "Fix the spec: a");
        assertThat(ClusterEvents.between(fine, invalid))
                .containsExactly(new Change("Warning", "InvalidSpec", "Fix the spec: a"));
        assertThat(ClusterEvents.between(invalid, status(false, "InvalidSpec", true, "InvalidSpec", "Fix the spec: b")))
                .containsExactly(new Change("Warning", "InvalidSpec", "Fix the spec: b"));
        assertThat(ClusterEvents.between(invalid, status(false, "InvalidSpec", true, "ReconcileFailed", "403")))
                .containsExactly(new Change("Warning", "ReconcileFailed", "403"));
        assertThat(ClusterEvents.between(null, status(false, "Creating", true, "ReconcileFailed", "403")))
                .containsExactly(new Change("Warning", "ReconcileFailed", "403"));
    }

    @Test
    void theEventPointsAtTheClusterAndNamesTheOperator() {
        PredictorCluster cluster = new PredictorCluster();
        cluster.getMetadata().setName("shop");
        cluster.getMetadata().setNamespace("ns");
        cluster.getMetadata().setUid("uid-1");
        Event event = ClusterEvents.event(cluster, new Change("Warning", "InvalidSpec", "Fix it"), NOW, 1);

        assertThat(event.getMetadata().getName()).startsWith("shop.").matches("shop\\.[0-9a-f]+");
        assertThat(event.getMetadata().getName())
                .isNotEqualTo(ClusterEvents.event(cluster, new Change("Normal", "Ready", "x"), NOW, 0)
                        .getMetadata().getName());
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

    private static PredictorClusterStatus status(boolean ready, String readyReason, boolean degraded,
            String degradedReason, String degradedMessage) {
        var conditions = new ClusterConditions(null, NOW, 1L)
                .set(ClusterConditions.READY, ready, readyReason, readyReason + " message")
                .set(ClusterConditions.DEGRADED, degraded, degradedReason, degradedMessage);
        return new PredictorClusterStatus(1L, 1, ready ? 1 : 0, "image", null, conditions.build());
    }
}
