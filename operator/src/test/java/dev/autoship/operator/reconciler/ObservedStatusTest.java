package dev.autoship.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.operator.ClusterFixtures;
import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterStatus;
import dev.autoship.operator.dependent.ConflictingWriters.Fight;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObservedStatusTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

    @Test
    void readyWhenThePromisedPodsOfTheCurrentTemplateAreAvailable() {
        var cluster = cluster();
        var done = ObservedStatus.applied(cluster, Optional.of(deployment(3, 2L, 2L, 3, 3, 3)),
                Optional.empty(), Optional.empty(), T0);
        assertThat(condition(done, "Ready").getStatus()).isEqualTo("True");
        assertThat(done.readyReplicas()).isEqualTo(3);
        assertThat(condition(done, "Progressing").getReason()).isEqualTo("RolloutComplete");
    }

    @Test
    void aRolloutInProgressNeverCountsOldPodsAsReady() {
        var cluster = cluster();
        // 3 old pods available, 1 new pod created but not yet available
        var rolling = ObservedStatus.applied(cluster, Optional.of(deployment(3, 2L, 2L, 4, 1, 3)),
                Optional.empty(), Optional.empty(), T0);
        assertThat(condition(rolling, "Ready").getStatus()).isEqualTo("False");
        assertThat(rolling.readyReplicas()).isZero();
        assertThat(condition(rolling, "Progressing").getStatus()).isEqualTo("True");

        // the Deployment controller has not seen the new template yet
        var unseen = ObservedStatus.applied(cluster, Optional.of(deployment(3, 3L, 2L, 3, 3, 3)),
                Optional.empty(), Optional.empty(), T0);
        assertThat(condition(unseen, "Ready").getStatus()).isEqualTo("False");
        assertThat(unseen.readyReplicas()).isZero();
    }

    @Test
    void theAutoscalersScaleUpChangesNeitherReadyNorProgressing() {
        PredictorCluster cluster = cluster("{\"autoscaling\": {\"minReplicas\": 2, \"maxReplicas\": 10}}");
        cluster.setStatus(ObservedStatus.applied(cluster, Optional.of(deployment(2, 2L, 2L, 2, 2, 2)),
                Optional.empty(), Optional.empty(), T0));
        // the autoscaler raised the count: the controller has not seen it yet, then 4 new pods start
        var unseen = ObservedStatus.applied(cluster, Optional.of(deployment(6, 3L, 2L, 2, 2, 2)),
                Optional.empty(), Optional.empty(), T1);
        var starting = ObservedStatus.applied(cluster, Optional.of(deployment(6, 3L, 3L, 6, 6, 2)),
                Optional.empty(), Optional.empty(), T1);
        for (var status : List.of(unseen, starting)) {
            assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
            assertThat(condition(status, "Ready").getLastTransitionTime()).isEqualTo(T0.toString());
            assertThat(condition(status, "Progressing").getStatus()).isEqualTo("False");
            assertThat(status.replicas()).isEqualTo(6);
        }
        assertThat(starting.readyReplicas()).isEqualTo(2);
    }

    @Test
    void readyNeedsTheFloorLessTheRolloutsMaxUnavailable() {
        PredictorCluster cluster = cluster("{\"replicas\": 4, \"rollout\": {\"maxUnavailable\": \"50%\"}}");
        var two = ObservedStatus.applied(cluster, Optional.of(deployment(4, 1L, 1L, 4, 4, 2)),
                Optional.empty(), Optional.empty(), T0);
        assertThat(condition(two, "Ready").getStatus()).isEqualTo("True");
        var one = ObservedStatus.applied(cluster, Optional.of(deployment(4, 1L, 1L, 4, 4, 1)),
                Optional.empty(), Optional.empty(), T0);
        assertThat(condition(one, "Ready").getStatus()).isEqualTo("False");
        assertThat(condition(one, "Ready").getMessage()).contains("1 pods of the current spec available, 2 required");
    }

    @Test
    void aTemplateRolloutIsProgressingUntilTheNewPodsKeepThePromise() {
        PredictorCluster cluster = cluster();
        cluster.setStatus(ObservedStatus.applied(cluster, Optional.of(deployment(3, 2L, 2L, 3, 3, 3)),
                Optional.empty(), Optional.empty(), T0));
        var rolling = ObservedStatus.applied(cluster, Optional.of(deployment(3, 3L, 3L, 4, 1, 3)),
                Optional.empty(), Optional.empty(), T1);
        assertThat(condition(rolling, "Progressing").getReason()).isEqualTo("RollingOut");
        cluster.setStatus(rolling);
        // old pods gone, the last new one not yet available
        var finishing = ObservedStatus.applied(cluster, Optional.of(deployment(3, 3L, 3L, 3, 3, 2)),
                Optional.empty(), Optional.empty(), T1);
        assertThat(condition(finishing, "Progressing").getStatus()).isEqualTo("True");
        cluster.setStatus(finishing);
        var done = ObservedStatus.applied(cluster, Optional.of(deployment(3, 3L, 3L, 3, 3, 3)),
                Optional.empty(), Optional.empty(), T1);
        assertThat(condition(done, "Progressing").getReason()).isEqualTo("RolloutComplete");
        assertThat(condition(done, "Ready").getStatus()).isEqualTo("True");
    }

    @Test
    void anInvalidSpecOrAFailedReconcileCountsThePodsThatServe() {
        PredictorCluster cluster = cluster();
        var invalid = ObservedStatus.invalid(cluster, List.of("spec.x is wrong"),
                Optional.of(deployment(3, 2L, 2L, 3, 3, 3)), Optional.empty(), T0);
        assertThat(invalid.readyReplicas()).isEqualTo(3);
        assertThat(invalid.replicas()).isEqualTo(3);
        var failed = ObservedStatus.failed(cluster, new IllegalStateException("conflict"),
                Optional.of(deployment(3, 2L, 2L, 3, 3, 2)), T0);
        assertThat(failed.readyReplicas()).isEqualTo(2);
        assertThat(failed.replicas()).isEqualTo(3);
    }

    @Test
    void aStuckRolloutIsDegradedWithAHint() {
        Deployment stuck = deployment(2, 1L, 1L, 3, 1, 2);
        stuck.getStatus().setConditions(List.of(new io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder()
                .withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded")
                .withMessage("ReplicaSet \"p-1\" has timed out progressing.").build()));
        var status = ObservedStatus.applied(cluster(), Optional.of(stuck), Optional.empty(), Optional.empty(), T0);
        Condition degraded = condition(status, "Degraded");
        assertThat(degraded.getReason()).isEqualTo("RolloutStuck");
        assertThat(degraded.getMessage()).contains("timed out progressing", "kubectl describe pods");
    }

    @Test
    void anotherWriterUndoingTheOperatorsWritesIsDegradedNamingTheObjectAndTheField() {
        Deployment stuck = deployment(2, 1L, 1L, 3, 1, 2);
        stuck.getStatus().setConditions(List.of(new io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder()
                .withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded").build()));
        var fight = new Fight("Deployment", "p", "/spec/template/spec/containers/0/image", T1,
                java.time.Duration.ofMinutes(10));
        var status = ObservedStatus.applied(cluster(), Optional.of(stuck), Optional.empty(), Optional.of(fight), T0);
        Condition degraded = condition(status, "Degraded");
        assertThat(degraded.getStatus()).isEqualTo("True");
        assertThat(degraded.getReason()).isEqualTo("ConflictingWriter");
        assertThat(degraded.getMessage()).startsWith("Deployment p: something else keeps changing "
                + "/spec/template/spec/containers/0/image after the operator writes it").contains("PT10M");
        // the same fight later gives the same message: one Event, not one per pause
        var later = ObservedStatus.applied(cluster(), Optional.of(stuck), Optional.empty(),
                Optional.of(new Fight("Deployment", "p", fight.path(), T1.plusSeconds(600), fight.maxPause())), T1);
        assertThat(condition(later, "Degraded").getMessage()).isEqualTo(degraded.getMessage());
    }

    @Test
    void transitionTimeChangesOnlyWhenAConditionChanges() {
        PredictorCluster cluster = cluster();
        var first = ObservedStatus.applied(cluster, Optional.of(deployment(3, 2L, 2L, 3, 3, 3)),
                Optional.empty(), Optional.empty(), T0);
        cluster.setStatus(first);
        var same = ObservedStatus.applied(cluster, Optional.of(deployment(3, 2L, 2L, 3, 3, 3)),
                Optional.empty(), Optional.empty(), T1);
        assertThat(same).isEqualTo(first);
        var worse = ObservedStatus.applied(cluster, Optional.of(deployment(3, 2L, 2L, 3, 3, 2)),
                Optional.empty(), Optional.empty(), T1);
        assertThat(condition(worse, "Ready").getLastTransitionTime()).isEqualTo(T1.toString());
        assertThat(condition(worse, "Degraded").getLastTransitionTime()).isEqualTo(T0.toString());
        // a new message alone (other counts) keeps the time: Kubernetes' convention
        cluster.setStatus(worse);
        var fewer = ObservedStatus.applied(cluster, Optional.of(deployment(3, 2L, 2L, 3, 3, 1)), Optional.empty(),
                Optional.empty(), T1.plusSeconds(60));
        assertThat(condition(fewer, "Ready").getMessage()).isNotEqualTo(condition(worse, "Ready").getMessage());
        assertThat(condition(fewer, "Ready").getLastTransitionTime()).isEqualTo(T1.toString());
    }

    @Test
    void aFailedReconcileKeepsWhatWasKnownAndSaysItRetries() {
        PredictorCluster cluster = cluster();
        cluster.setStatus(ObservedStatus.applied(cluster, Optional.of(deployment(3, 2L, 2L, 3, 3, 3)),
                Optional.empty(), Optional.empty(), T0));
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
        return cluster("{\"replicas\": 3}");
    }

    private static PredictorCluster cluster(String specJson) {
        PredictorCluster cluster = ClusterFixtures.withSpec(specJson);
        cluster.getMetadata().setGeneration(4L);
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
