package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;

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

    Deployment operatorDeployment() {
        return single(Deployment.class);
    }
}
