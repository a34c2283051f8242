package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.NetworkPolicySpec;
import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Ingress to the predictor port only from the listed clients; egress only to DNS, Elasticsearch and Redis. */
@KubernetesDependent(informer = @Informer(labelSelector = PredictorPod.MANAGED_SELECTOR))
public class NetworkPolicyDependent extends CRUDKubernetesDependentResource<NetworkPolicy, PredictorCluster> {

    static final int DNS_PORT = 53;

    public NetworkPolicyDependent() {
        super(NetworkPolicy.class);
    }

    @Override
    protected NetworkPolicy desired(PredictorCluster cluster, Context<PredictorCluster> context) {
        PredictorClusterSpec spec = cluster.specOrEmpty();
        NetworkPolicySpec policy = spec.networkPolicy();
        var metadata = PredictorPod.metadata(cluster, cluster.getMetadata().getName());
        if (policy == null) {
            // JOSDK asks for desired() to find the policy it deletes once spec.networkPolicy is unset
            return new NetworkPolicyBuilder().withMetadata(metadata).build();
        }
        return new NetworkPolicyBuilder()
                .withMetadata(metadata)
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(PredictorPod.selectorLabels(cluster)).endPodSelector()
                .withPolicyTypes("Ingress", "Egress")
                .addNewIngress()
                .withFrom(policy.clients())
                .addToPorts(port("TCP", PredictorPod.CONTAINER_PORT))
                .endIngress()
                .withEgress(egress(spec, policy))
                .endSpec()
                .build();
    }

    private static List<NetworkPolicyEgressRule> egress(PredictorClusterSpec spec, NetworkPolicySpec policy) {
        List<NetworkPolicyEgressRule> rules = new ArrayList<>();
        rules.add(new NetworkPolicyEgressRuleBuilder()
                .addToPorts(port("UDP", DNS_PORT), port("TCP", DNS_PORT))
                .build());
        List<NetworkPolicyPeer> backends = policy.backends() == null ? List.of() : policy.backends();
        if (spec.elasticsearch() != null) {
            rules.add(backendRule(backends, portOf(spec.elasticsearch().url(), 9200)));
        }
        if (spec.redis() != null) {
            rules.add(backendRule(backends, portOf(spec.redis().url(), 6379)));
        }
        return rules;
    }

    private static NetworkPolicyEgressRule backendRule(List<NetworkPolicyPeer> backends, int port) {
        return new NetworkPolicyEgressRuleBuilder().withTo(backends).addToPorts(port("TCP", port)).build();
    }

    private static NetworkPolicyPort port(String protocol, int port) {
        NetworkPolicyPort result = new NetworkPolicyPort();
        result.setProtocol(protocol);
        result.setPort(new IntOrString(port));
        return result;
    }

    /** Explicit port of a backend URL, else the scheme's usual one. */
    static int portOf(String url, int fallback) {
        URI uri = URI.create(url);
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return switch (uri.getScheme()) {
            case "https" -> 443;
            case "http" -> 80;
            default -> fallback;
        };
    }
}
