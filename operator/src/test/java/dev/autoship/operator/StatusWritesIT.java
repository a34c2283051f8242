package dev.autoship.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.operator.crd.PredictorCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Status writes of many clusters converging at once, when the operator's cache of PredictorClusters lags behind its
 * own writes (as it does under load): each change of a status is written once.
 */
class StatusWritesIT extends OperatorOnMockApiServer {

    private static final int CLUSTERS = 50;

    @Test
    void manyClustersConvergingAtOnceCostOneStatusWriteEachPerChange() {
        String ns = namespace("crowd");
        List<String> names = IntStream.range(0, CLUSTERS).mapToObj("shop-%02d"::formatted).toList();
        names.forEach(name -> create(ns, name, spec(IMAGE).build()));

        eventually().untilAsserted(() -> assertThat(client.resources(PredictorCluster.class).inNamespace(ns).list()
                .getItems()).allSatisfy(cluster -> {
                    assertThat(cluster.getStatus()).isNotNull();
                    assertThat(cluster.getStatus().observedGeneration()).isEqualTo(cluster.getMetadata().getGeneration());
                }));
        // each reconciled once more after that, with a new generation to observe
        names.forEach(name -> reconcileUnchanged(ns, name));
        assertThat(statusWrites(ns)).as("per cluster one write of its first status, one of its next generation")
                .hasSize(2 * CLUSTERS);

        api.forgetWrites();
        names.forEach(name -> markDeploymentAvailable(ns, name));
        eventually().untilAsserted(() -> assertThat(client.resources(PredictorCluster.class).inNamespace(ns).list()
                .getItems()).allSatisfy(cluster -> assertThat(cluster.getStatus().condition("Ready").orElseThrow()
                        .getStatus()).isEqualTo("True")));
        names.forEach(name -> reconcileUnchanged(ns, name));
        assertThat(statusWrites(ns)).as("per cluster one write of Ready, one of its next generation")
                .hasSize(2 * CLUSTERS);
        assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).extracting(Deployment::getStatus)
                .doesNotContainNull();
    }

    private List<String> statusWrites(String ns) {
        return operatorWrites(ns).stream().filter(write -> write.endsWith("/status")).toList();
    }
}
