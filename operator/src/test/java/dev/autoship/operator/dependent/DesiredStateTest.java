package dev.autoship.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.operator.ClusterFixtures;
import dev.autoship.operator.crd.PredictorCluster;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The matching rules on desired objects and stored look-alikes, without a server. */
class DesiredStateTest {

    private final KubernetesSerialization json = new KubernetesSerialization();

    @Test
    void removingASettingFromTheSpecChangesTheRecordedHash() {
        String with = hash(new ConfigMapDependent().desired(cluster("{\"model\": {\"cacheTtl\": \"PT1H\"}}"), null));
        String without = hash(new ConfigMapDependent().desired(cluster("{}"), null));
        assertThat(with).isNotEqualTo(without);
        Deployment affinity = deployment("""
                {"scheduling": {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution":
                  {"nodeSelectorTerms": [{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}]}}}}}""");
        assertThat(hash(affinity)).isNotEqualTo(hash(deployment("{}")));
    }

    @Test
    void theHashIgnoresTheReplicaCountAndTheOrderOfMapKeys() {
        assertThat(hash(deployment("{\"replicas\": 2}"))).isEqualTo(hash(deployment("{\"replicas\": 5}")));
        assertThat(hash(deployment("{\"scheduling\": {\"nodeSelector\": {\"a\": \"1\", \"b\": \"2\"}}}")))
                .isEqualTo(hash(deployment("{\"scheduling\": {\"nodeSelector\": {\"b\": \"2\", \"a\": \"1\"}}}")));
    }

    @Test
    void serverDefaultsOutsideOwnedPathsMatchAValueAddedInsideOneDoesNot() {
        Deployment desired = deployment("{\"extraEnv\": [{\"name\": \"POD\", \"valueFrom\": {\"fieldRef\": "
                + "{\"fieldPath\": \"metadata.name\"}}}]}");
        Deployment defaulted = new DeploymentBuilder(desired).editSpec().withRevisionHistoryLimit(10)
                .withProgressDeadlineSeconds(600).editTemplate().editSpec().withDnsPolicy("ClusterFirst")
                .editFirstContainer().withImagePullPolicy("IfNotPresent").editReadinessProbe().withSuccessThreshold(1)
                .endReadinessProbe().editFirstEnv().editValueFrom().editFieldRef().withApiVersion("v1").endFieldRef()
                .endValueFrom().endEnv().endContainer().endSpec().endTemplate().endSpec().build();
        List<String> owned = new DeploymentDependent().ownedPaths();
        assertThat(DesiredState.matches(desired, defaulted, json, owned)).isTrue();

        Deployment handEdited = new DeploymentBuilder(defaulted).editSpec().editTemplate().editSpec()
                .editFirstContainer().addToEnv(new EnvVar("JAVA_TOOL_OPTIONS", "-agentlib:jdwp", null)).endContainer()
                .endSpec().endTemplate().endSpec().build();
        assertThat(DesiredState.matches(desired, handEdited, json, owned)).isFalse();
        Deployment otherHash = new DeploymentBuilder(defaulted).editMetadata()
                .addToAnnotations(DesiredState.ANNOTATION, "stale").endMetadata().build();
        assertThat(DesiredState.matches(desired, otherHash, json, owned)).isFalse();
    }

    @Test
    void aRemovedPeerIsADifferenceEvenThoughNothingWantedIsMissing() {
        PredictorCluster cluster = cluster("""
                {"networkPolicy": {"clients": [{"podSelector": {"matchLabels": {"app": "shop"}}}]}}""");
        NetworkPolicy desired = new NetworkPolicyDependent().desired(cluster, null);
        NetworkPolicy stillOpen = new NetworkPolicyBuilder(desired).editSpec().editFirstIngress().addNewFrom()
                .withNewPodSelector().addToMatchLabels("app", "old-shop").endPodSelector().endFrom().endIngress()
                .endSpec().build();
        // even with the hash of the current spec, the owned rules tell the extra peer apart
        assertThat(DesiredState.matches(desired, stillOpen, json, new NetworkPolicyDependent().ownedPaths())).isFalse();
        assertThat(DesiredState.matches(desired, desired, json, new NetworkPolicyDependent().ownedPaths())).isTrue();
    }

    @Test
    void everyLabelOrEveryAnnotationRemovedAtOnceIsADifference() {
        Deployment desired = deployment("{}");
        List<String> owned = new DeploymentDependent().ownedPaths();
        Deployment noLabels = new DeploymentBuilder(desired).editMetadata().withLabels(null).endMetadata().build();
        Deployment noAnnotations = new DeploymentBuilder(desired).editMetadata().withAnnotations(null).endMetadata()
                .build();
        assertThat(DesiredState.matches(desired, noLabels, json, owned)).isFalse();
        assertThat(DesiredState.matches(desired, noAnnotations, json, owned)).isFalse();
        assertThat(DesiredState.matches(desired, desired, json, owned)).isTrue();
    }

    private static String hash(HasMetadata resource) {
        return resource.getMetadata().getAnnotations().get(DesiredState.ANNOTATION);
    }

    private Deployment deployment(String specJson) {
        return new DeploymentDependent().desired(cluster(specJson), null);
    }

    private static PredictorCluster cluster(String specJson) {
        return ClusterFixtures.withSpec(specJson);
    }
}
