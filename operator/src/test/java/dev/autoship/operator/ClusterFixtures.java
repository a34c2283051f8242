package dev.autoship.operator;

import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** PredictorClusters for tests of pure functions: named "p" in namespace "ns", the spec given as JSON. */
public final class ClusterFixtures {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private ClusterFixtures() {
    }

    public static PredictorCluster withSpec(String specJson) {
        PredictorCluster cluster = new PredictorCluster();
        cluster.getMetadata().setName("p");
        cluster.getMetadata().setNamespace("ns");
        cluster.setSpec(JSON.unmarshal(specJson, PredictorClusterSpec.class));
        return cluster;
    }
}
