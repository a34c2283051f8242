package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What {@code helm template} produced, parsed by fabric8 into typed Kubernetes resources. */
record RenderedManifests(List<HasMetadata> resources) {

    <T extends HasMetadata> List<T> ofType(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Resources of a kind fabric8 has no class for (e.g. ServiceMonitor) come back generic; match on kind. */
    List<HasMetadata> ofKind(String kind) {
        return resources.stream().filter(resource -> kind.equals(resource.getKind())).toList();
    }

    <T extends HasMetadata> T single(Class<T> type) {
        List<T> matching = ofType(type);
        assertThat(matching).as("rendered %s resources", type.getSimpleName()).hasSize(1);
        return matching.getFirst();
    }

    /** ClusterRoles that Kubernetes aggregates into its default roles (for namespace users, not the operator). */
    List<ClusterRole> aggregatedClusterRoles() {
        return ofType(ClusterRole.class).stream().filter(RenderedManifests::isAggregated).toList();
    }

    /** The ClusterRoles granted to the operator itself for its resources (not the CRD reader). */
    List<ClusterRole> operatorClusterRoles() {
        return ofType(ClusterRole.class).stream()
                .filter(role -> !isAggregated(role) && !isCrdReader(role.getMetadata().getName()))
                .toList();
    }

    /** Bindings of {@link #operatorClusterRoles()}. */
    List<ClusterRoleBinding> operatorClusterRoleBindings() {
        return ofType(ClusterRoleBinding.class).stream()
                .filter(binding -> !isCrdReader(binding.getRoleRef().getName()))
                .toList();
    }

    /** The ClusterRole that lets the operator see which CRDs are installed (rendered in every RBAC mode). */
    ClusterRole crdReaderClusterRole() {
        List<ClusterRole> readers = ofType(ClusterRole.class).stream()
                .filter(role -> isCrdReader(role.getMetadata().getName())).toList();
        assertThat(readers).as("CRD reader ClusterRoles").hasSize(1);
        return readers.getFirst();
    }

    private static boolean isCrdReader(String name) {
        return name.endsWith("-crd-reader");
    }

    private static boolean isAggregated(ClusterRole role) {
        Map<String, String> labels = role.getMetadata().getLabels();
        return labels != null && labels.keySet().stream().anyMatch(key -> key.startsWith("rbac.authorization.k8s.io/aggregate-to-"));
    }

    Deployment operatorDeployment() {
        return single(Deployment.class);
    }

    Container operatorContainer() {
        return operatorDeployment().getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    /** The operator container's environment variables that have a literal value (not valueFrom). */
    Map<String, String> operatorLiteralEnvironment() {
        return operatorContainer().getEnv().stream()
                .filter(variable -> variable.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }
}
