package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.operator.rbac.OperatorPermissions;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart grants exactly what the operator code declares it uses ({@link OperatorPermissions}), compared
 * permission by permission so that grouping rules differently in YAML and in code does not matter.
 */
class RbacRulesTest {

    private final OperatorChart chart = new OperatorChart();

    @Test
    void clusterRoleGrantsExactlyWhatTheReconcilerUsesInWatchedNamespaces() {
        List<ClusterRole> operatorClusterRoles = chart.render().operatorClusterRoles();

        assertThat(operatorClusterRoles).hasSize(1);
        ClusterRole clusterRole = operatorClusterRoles.getFirst();

        assertThat(permissions(clusterRole.getRules()))
                .containsExactlyInAnyOrderElementsOf(permissions(OperatorPermissions.watchedNamespaceRules()));
    }

    @Test
    void everyWatchedNamespaceRoleGrantsExactlyWhatTheReconcilerUses() {
        List<Role> roles = chart.render("watchNamespaces: [shop, warehouse]\nleaderElection:\n  enabled: false\n")
                .ofType(Role.class);

        assertThat(roles).extracting(role -> role.getMetadata().getNamespace()).containsExactlyInAnyOrder("shop", "warehouse");
        assertThat(roles).allSatisfy(role -> assertThat(permissions(role.getRules()))
                .as("rules of Role %s/%s", role.getMetadata().getNamespace(), role.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(permissions(OperatorPermissions.watchedNamespaceRules())));
    }

    @Test
    void theCrdReaderGrantsExactlyThePresenceCheckInEveryRbacMode() {
        for (String values : List.of("", "watchNamespaces: [shop]\n")) {
            ClusterRole reader = chart.render(values).crdReaderClusterRole();
            assertThat(permissions(reader.getRules())).as("values: %s", values)
                    .containsExactlyInAnyOrderElementsOf(permissions(OperatorPermissions.crdPresenceRules()));
        }
    }

    @Test
    void leaderElectionRoleGrantsExactlyTheLeaseAccessTheOperatorUses() {
        List<Role> roles = chart.render("watchNamespaces: [shop]\n").ofType(Role.class).stream()
                .filter(role -> role.getMetadata().getNamespace().equals(OperatorChart.NAMESPACE))
                .toList();

        assertThat(roles).singleElement().satisfies(role -> assertThat(permissions(role.getRules()))
                .containsExactlyInAnyOrderElementsOf(permissions(OperatorPermissions.leaderElectionRules())));
    }

    /** Distinct permissions, so AssertJ names what is missing and what is extra. */
    private static List<Permission> permissions(List<PolicyRule> rules) {
        return rules.stream().flatMap(Permission::of).distinct().toList();
    }

    /** One verb on one resource of one API group, optionally limited to one object name ("" = any). */
    record Permission(String apiGroup, String resource, String resourceName, String verb) {

        static Stream<Permission> of(PolicyRule rule) {
            List<String> names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                    ? List.of("")
                    : rule.getResourceNames();
            return rule.getApiGroups().stream().flatMap(group -> rule.getResources().stream()
                    .flatMap(resource -> names.stream()
                            .flatMap(name -> rule.getVerbs().stream()
                                    .map(verb -> new Permission(group, resource, name, verb)))));
        }

        @Override
        public String toString() {
            return verb + " " + (apiGroup.isEmpty() ? "core" : apiGroup) + "/" + resource
                    + (resourceName.isEmpty() ? "" : "/" + resourceName);
        }
    }
}
