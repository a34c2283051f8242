package dev.autoship.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatorPermissionsTest {

    @Test
    void watchedNamespaceRulesCoverTheCustomResourceItsStatusEveryDependentKindAndEvents() {
        List<PolicyRule> rules = OperatorPermissions.watchedNamespaceRules();

        assertThat(verbsFor(rules, "autoship.dev", "predictorclusters")).containsExactly("get", "list", "watch");
        assertThat(verbsFor(rules, "autoship.dev", "predictorclusters/status")).containsExactly("get", "patch", "update");
        List<String> write = List.of("create", "delete", "get", "list", "patch", "update", "watch");
        assertThat(verbsFor(rules, "apps", "deployments")).isEqualTo(write);
        assertThat(verbsFor(rules, "", "services")).isEqualTo(write);
        assertThat(verbsFor(rules, "", "configmaps")).isEqualTo(write);
        assertThat(verbsFor(rules, "autoscaling", "horizontalpodautoscalers")).isEqualTo(write);
        assertThat(verbsFor(rules, "policy", "poddisruptionbudgets")).isEqualTo(write);
        assertThat(verbsFor(rules, "networking.k8s.io", "networkpolicies")).isEqualTo(write);
        assertThat(verbsFor(rules, "monitoring.coreos.com", "podmonitors")).isEqualTo(write);
        assertThat(verbsFor(rules, "", "events")).containsExactly("create");
        assertThat(rules).flatExtracting(PolicyRule::getResources).doesNotContain("secrets");
    }

    @Test
    void rulesComeInAStableOrderSoRenderedRolesCanBeCompared() {
        assertThat(OperatorPermissions.watchedNamespaceRules()).isEqualTo(OperatorPermissions.watchedNamespaceRules());
        assertThat(OperatorPermissions.watchedNamespaceRules()).extracting(r -> r.getApiGroups().getFirst())
                .isSorted();
    }

    @Test
    void thePodMonitorsCrdIsLookedUpByName() {
        assertThat(OperatorPermissions.crdPresenceRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("apiextensions.k8s.io");
            assertThat(rule.getResources()).containsExactly("customresourcedefinitions");
            assertThat(rule.getVerbs()).containsExactly("get");
        });
    }

    @Test
    void leaderElectionNeedsOnlyLeases() {
        assertThat(OperatorPermissions.leaderElectionRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("coordination.k8s.io");
            assertThat(rule.getResources()).containsExactly("leases");
            assertThat(rule.getVerbs()).containsExactly("create", "get", "update");
        });
    }

    private static List<String> verbsFor(List<PolicyRule> rules, String group, String resource) {
        List<PolicyRule> matching = rules.stream()
                .filter(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource))
                .toList();
        assertThat(matching).as(group + "/" + resource).hasSize(1);
        return matching.getFirst().getVerbs();
    }
}
