package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several operator replicas (one leader, standbys) survive node drains and node failures. */
class OperatorAvailabilityTest {

    private final OperatorChart chart = new OperatorChart();

    @Test
    void aSingleReplicaGetsNeitherABudgetThatWouldBlockDrainsNorAntiAffinity() {
        RenderedManifests manifests = chart.render();

        assertThat(manifests.ofType(PodDisruptionBudget.class)).isEmpty();
        assertThat(manifests.operatorDeployment().getSpec().getTemplate().getSpec().getAffinity()).isNull();
    }

    @Test
    void severalReplicasKeepOnePodThroughDrainsAndPreferOneNodeEach() {
        RenderedManifests manifests = chart.render("replicaCount: 3\n");
        Deployment deployment = manifests.operatorDeployment();
        PodDisruptionBudget budget = manifests.single(PodDisruptionBudget.class);

        assertThat(manifests.operatorLiteralEnvironment()).containsEntry("AUTOSHIP_OPERATOR_LEADER_ELECTION", "true");
        assertThat(budget.getMetadata().getNamespace()).isEqualTo(OperatorChart.NAMESPACE);
        assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getMaxUnavailable()).isNull();
        assertThat(budget.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");
        assertThat(budget.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector());

        assertThat(deployment.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution())
                .singleElement()
                .satisfies(term -> assertSpreadsTheOperatorPodsOverNodes(term, deployment));
        assertThat(deployment.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution())
                .as("required anti-affinity would leave replicas pending on a small cluster").isNullOrEmpty();
    }

    @Test
    void givenAffinityIsKeptAndTheAntiAffinityAddedNextToIt() {
        Deployment deployment = chart.render("""
                replicaCount: 2
                affinity:
                  nodeAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      nodeSelectorTerms:
                        - matchExpressions:
                            - {key: node-role.example.com/control, operator: In, values: ["true"]}
                """).operatorDeployment();
        Affinity affinity = deployment.getSpec().getTemplate().getSpec().getAffinity();

        assertThat(affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms())
                .singleElement()
                .satisfies(term -> assertThat(term.getMatchExpressions().getFirst().getKey()).isEqualTo("node-role.example.com/control"));
        assertThat(affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                .singleElement()
                .satisfies(term -> assertSpreadsTheOperatorPodsOverNodes(term, deployment));
    }

    @Test
    void givenPodAntiAffinityReplacesTheChartsOwn() {
        Affinity affinity = chart.render("""
                replicaCount: 2
                affinity:
                  podAntiAffinity:
                    requiredDuringSchedulingIgnoredDuringExecution:
                      - topologyKey: topology.kubernetes.io/zone
                        labelSelector:
                          matchLabels: {app.kubernetes.io/name: autoship-operator}
                """).operatorDeployment().getSpec().getTemplate().getSpec().getAffinity();

        assertThat(affinity.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()).isNullOrEmpty();
        assertThat(affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                .singleElement()
                .satisfies(term -> assertThat(term.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone"));
    }

    @Test
    void budgetTakesAPercentageAndCanBeTurnedOff() {
        PodDisruptionBudget budget = chart.render("replicaCount: 4\npodDisruptionBudget: {enabled: true, minAvailable: \"50%\"}\n")
                .single(PodDisruptionBudget.class);

        assertThat(budget.getSpec().getMinAvailable().getStrVal()).isEqualTo("50%");
        assertThat(chart.render("replicaCount: 2\npodDisruptionBudget: {enabled: false, minAvailable: 1}\n")
                .ofType(PodDisruptionBudget.class)).isEmpty();
    }

    @Test
    void spreadConstraintsCountTheOperatorPodsUnlessGivenAnotherSelector() {
        Deployment deployment = chart.render("""
                replicaCount: 3
                topologySpreadConstraints:
                  - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway}
                  - maxSkew: 2
                    topologyKey: kubernetes.io/hostname
                    whenUnsatisfiable: DoNotSchedule
                    labelSelector: {matchLabels: {team: platform}}
                """).operatorDeployment();

        assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                .satisfiesExactly(
                        zone -> {
                            assertThat(zone.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
                            assertThat(zone.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
                            assertThat(zone.getLabelSelector()).isEqualTo(deployment.getSpec().getSelector());
                        },
                        host -> {
                            assertThat(host.getMaxSkew()).isEqualTo(2);
                            assertThat(host.getLabelSelector().getMatchLabels()).containsExactly(Map.entry("team", "platform"));
                        });
        assertThat(chart.render().operatorDeployment().getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).isNullOrEmpty();
    }

    private static void assertSpreadsTheOperatorPodsOverNodes(WeightedPodAffinityTerm term, Deployment deployment) {
        assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
        assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(term.getPodAffinityTerm().getLabelSelector().getMatchLabels());
    }
}
