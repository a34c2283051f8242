package dev.autoship.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterSpec;
import dev.autoship.operator.crd.PredictorClusterStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObservedStatusTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

    @Test
    void readyOnlyWhenEveryPodOfTheCurrentTemplateIsAvailable() {
        var cluster = cluster();
        var done = ObservedStatus.applied(cluster, Optional.of(deployment(3, 2L, 2L, 3, 3, 3)), Optional.empty(), T0);
        assertThat(condition(done, "Ready").getStatus()).isEqualTo("True");
        assertThat(done.readyReplicas()).isEqualTo(3);
        assertThat(condition(done, "Progressing").getReason()).isEqualTo("RolloutComplete");
    }

    @Test
    void aRolloutInProgressNeverCountsOldPodsAsReady() {
        var cluster = cluster();
        // 3 old pods available, 1 new pod created but not yet available
        var rolling = ObservedStatus.applied(cluster, Optional.of(deployment(3, 2L, 2L, 4, 1, 3)), Optional.empty(), T0);
        assertThat(condition(rolling, "Ready").getStatus()).isEqualTo("False");
        assertThat(rolling.readyReplicas()).isZero();
        assertThat(condition(rolling, "Progressing").getStatus()).isEqualTo("True");

        // the Deployment controller has not seen the new template yet
        var unseen = ObservedStatus.applied(cluster, Optional.of(deployment(3, 3L, 2L, 3, 3, 3)), Optional.empty(), T0);
        assertThat(condition(unseen, "Ready").getStatus()).isEqualTo("False");
        assertThat(unseen.readyReplicas()).isZero();
    }

    @Test
    void aStuckRolloutIsDegradedWithAHint() {
        Deployment stuck = deployment(2, 1L, 1L, 3, 1, 2);
        stuck.getStatus().setConditions(List.of(new io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder()
                .withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded")
                .withMessage("ReplicaSet \"p-1\" has timed out progressing.").build()));
        var status = ObservedStatus.applied(cluster(), Optional.of(stuck), Optional.empty(), T0);
        Condition degraded = condition(status, "Degraded");
        assertThat(degraded.getReason()).isEqualTo("RolloutStuck");
        assertThat(degraded.getMessage()).contains("timed out progressing", "kubectl describe pods");
    }

    @Test
    void transitionTimeChangesOnlyWhenAConditionChanges() {
        PredictorCluster cluster = cluster();
        var first = ObservedStatus.applied(cluster, Optional.of(deployment(3, 2L, 2L, 3, 3, 3)), Optional.empty(), T0);
        cluster.setStatus(first);
        var same = ObservedStatus.applied(cluster, Optional.of(deployment(3, 2L, 2L, 3, 3, 3)), Optional.empty(), T1);
        assertThat(same).isEqualTo(first);
        var worse = ObservedStatus.applied(cluster, Optional.of(deployment(3, 2L, 2L, 3, 3, 2)), Optional.empty(), T1);
        assertThat(condition(worse, "Ready").getLastTransitionTime()).isEqualTo(T1.toString());
        assertThat(condition(worse, "Degraded").getLastTransitionTime()).isEqualTo(T0.toString());
    }

    @Test
    void aFailedReconcileKeepsWhatWasKnownAndSaysItRetries() {
        PredictorCluster cluster = cluster();
        cluster.setStatus(ObservedStatus.applied(cluster, Optional.of(deployment(3, 2L, 2L, 3, 3, 3)),
                Optional.empty(), T0));
        var failed = ObservedStatus.failed(cluster, new IllegalStateException("outer",
                new RuntimeException("Forbidden: services is forbidden")), Optional.empty(), T1);
        assertThat(condition(failed, "Ready").getStatus()).isEqualTo("True");
        assertThat(condition(failed, "Degraded").getMessage()).contains("retrying", "services is forbidden");
        assertThat(failed.readyReplicas()).isEqualTo(3);
    }

    private static Condition condition(PredictorClusterStatus status, String type) {
        return status.condition(type).orElseThrow();
    }

    private static PredictorCluster cluster() {
        PredictorCluster cluster = new PredictorCluster();
        cluster.getMetadata().setName("p");
        cluster.getMetadata().setNamespace("ns");
        cluster.getMetadata().setGeneration(4L);
        cluster.setSpec(new KubernetesSerialization().unmarshal("{\"replicas\": 3}", PredictorClusterSpec.class));
        return cluster;
    }

    private static Deployment deployment(int desired, Long generation, Long observed, int total, int updated,
            int available) {
        return new DeploymentBuilder()
                .withNewMetadata().withName("p").withGeneration(generation).endMetadata()
                .withNewSpec().withReplicas(desired).withNewTemplate().withNewSpec().addNewContainer()
                .withName("predictor").withImage("example/predictor:1").endContainer().endSpec().endTemplate()
                .endSpec()
                .withStatus(new DeploymentStatusBuilder().withObservedGeneration(observed).withReplicas(total)
                        .withUpdatedReplicas(updated).withAvailableReplicas(available).withReadyReplicas(available)
                        .build())
                .build();
    }
}
