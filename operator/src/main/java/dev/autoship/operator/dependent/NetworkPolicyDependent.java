package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.BackendEgressSpec;
import dev.autoship.operator.crd.NetworkPolicySpec;
import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ingress to the public port only from the listed clients, to the management port only from the monitoring and admin
 * peers; egress only to DNS and each backend on its ports.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterMetadata.MANAGED_SELECTOR))
public class NetworkPolicyDependent extends ConvergingDependent<NetworkPolicy> {

    static final int DNS_PORT = 53;

    public NetworkPolicyDependent() {
        super(NetworkPolicy.class);
    }

    @Override
    protected NetworkPolicy build(PredictorCluster cluster, Context<PredictorCluster> context) {
        PredictorClusterSpec spec = cluster.specOrEmpty();
        NetworkPolicySpec policy = spec.networkPolicy();
        var metadata = ClusterMetadata.of(cluster, cluster.getMetadata().getName());
        if (policy == null) {
            // JOSDK asks for desired() to find the policy it deletes once spec.networkPolicy is unset
            return new NetworkPolicyBuilder().withMetadata(metadata).build();
        }
        return new NetworkPolicyBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(ClusterMetadata.selectorLabels(cluster)).endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .withIngress(ingress(policy))
                .withEgress(egress(spec, policy))
                .endSpec()
                .build();
    }

    @Override
    protected List<String> ownedPaths() {
        return List.of("/spec");
    }

    /**
     * The API's clients to the public port; monitoring and admin clients to the management port, each in its own rule
     * so no list widens another. Kubelet probes are not subject to NetworkPolicy.
     */
    private static List<NetworkPolicyIngressRule> ingress(NetworkPolicySpec policy) {
        List<NetworkPolicyIngressRule> rules = new ArrayList<>();
        rules.add(new NetworkPolicyIngressRuleBuilder().withFrom(policy.clients())
                .addToPorts(port("TCP", PredictorContainer.PORT)).build());
        for (List<NetworkPolicyPeer> peers : Arrays.asList(policy.monitoring(), policy.adminClients())) {
            if (peers != null && !peers.isEmpty()) {
                rules.add(new NetworkPolicyIngressRuleBuilder().withFrom(peers)
                        .addToPorts(port("TCP", PredictorContainer.MANAGEMENT_PORT)).build());
            }
        }
        return rules;
    }

    private static List<NetworkPolicyEgressRule> egress(PredictorClusterSpec spec, NetworkPolicySpec policy) {
        List<NetworkPolicyEgressRule> rules = new ArrayList<>();
        rules.add(new NetworkPolicyEgressRuleBuilder()
                .addToPorts(port("UDP", DNS_PORT), port("TCP", DNS_PORT))
                .build());
        if (spec.elasticsearch() != null) {
            rules.add(backendRule(policy.elasticsearchOrDefault(), List.of(spec.elasticsearch().port())));
        }
        if (spec.redis() != null) {
            rules.add(backendRule(policy.redisOrDefault(), spec.redis().ports()));
        }
        return rules;
    }

    /** Each backend gets its own peers and ports, so neither is reachable on the other's ports. */
    private static NetworkPolicyEgressRule backendRule(BackendEgressSpec backend, List<Integer> backendPorts) {
        return new NetworkPolicyEgressRuleBuilder()
                .withTo(backend.to())
                .withPorts(backend.portsOrDefault(backendPorts).stream().map(p -> port("TCP", p)).toList())
                .build();
    }

    private static NetworkPolicyPort port(String protocol, int port) {
        NetworkPolicyPort result = new NetworkPolicyPort();
        result.setProtocol(protocol);
        result.setPort(new IntOrString(port));
        return result;
    }
}
