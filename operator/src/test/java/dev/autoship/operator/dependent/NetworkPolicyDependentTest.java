package dev.autoship.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.operator.ClusterFixtures;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import org.junit.jupiter.api.Test;

class NetworkPolicyDependentTest {


    @Test
    void ingressOnlyFromClientsToThePredictorPortEgressOnlyToDnsAndTheBackends() {
        NetworkPolicy policy = policy("""
                {"elasticsearch": {"url": "https://es.search"},
                 "redis": {"url": "rediss://redis.cache:6380/0"},
                 "networkPolicy": {"clients": [{"podSelector": {"matchLabels": {"app": "shop"}}}],
                                   "elasticsearch": {"to": [{"namespaceSelector": {"matchLabels": {"team": "search"}}}]},
                                   "redis": {"to": [{"namespaceSelector": {"matchLabels": {"team": "cache"}}}]}}}""");
        var spec = policy.getSpec();
        assertThat(spec.getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(spec.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/instance", "p");
        assertThat(spec.getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).singleElement()
                    .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app", "shop"));
            assertThat(rule.getPorts()).singleElement()
                    .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(8080));
        });
        assertThat(spec.getEgress()).extracting(NetworkPolicyDependentTest::describe)
                .containsExactly("any UDP/53 TCP/53", "team=search TCP/443", "team=cache TCP/6380");
    }

    @Test
    void withoutBackendsOnlyDnsLeavesThePod() {
        NetworkPolicy policy = policy("{\"networkPolicy\": {\"clients\": [{\"podSelector\": {}}]}}");
        assertThat(policy.getSpec().getEgress()).extracting(NetworkPolicyDependentTest::describe)
                .containsExactly("any UDP/53 TCP/53");
    }

    @Test
    void backendPortsDefaultToTheUrlsPortOrItsSchemesUsualOne() {
        NetworkPolicy policy = policy("""
                {"elasticsearch": {"url": "http://es"}, "redis": {"url": "redis://redis/0"},
                 "networkPolicy": {"clients": [{"podSelector": {}}]}}""");
        assertThat(policy.getSpec().getEgress()).extracting(NetworkPolicyDependentTest::describe)
                .containsExactly("any UDP/53 TCP/53", "any TCP/80", "any TCP/6379");
        assertThat(policy("""
                {"elasticsearch": {"url": "http://es:9201"}, "networkPolicy": {"clients": [{"podSelector": {}}]}}""")
                .getSpec().getEgress()).extracting(NetworkPolicyDependentTest::describe)
                .containsExactly("any UDP/53 TCP/53", "any TCP/9201");
    }

    @Test
    void redisPortsDefaultToTheSentinelsAndTheUsualDataPortOrToTheSeedNodes() {
        assertThat(policy("""
                {"redis": {"sentinels": {"addresses": ["s-0:26379", "s-1:26379"], "masterName": "m"}},
                 "networkPolicy": {"clients": [{"podSelector": {}}]}}""").getSpec().getEgress())
                .extracting(NetworkPolicyDependentTest::describe)
                .containsExactly("any UDP/53 TCP/53", "any TCP/26379 TCP/6379");
        assertThat(policy("""
                {"redis": {"clusterNodes": ["r-0:7000", "r-1:7001"]},
                 "networkPolicy": {"clients": [{"podSelector": {}}]}}""").getSpec().getEgress())
                .extracting(NetworkPolicyDependentTest::describe)
                .containsExactly("any UDP/53 TCP/53", "any TCP/7000 TCP/7001");
    }

    @Test
    void statedPortsReplaceTheUrlsPortForThatBackendOnly() {
        // a Service mapping 80 to the pods' 9200: most network plugins match egress after DNAT, on 9200
        NetworkPolicy policy = policy("""
                {"elasticsearch": {"url": "http://es.search"}, "redis": {"url": "redis://redis.cache:6379"},
                 "networkPolicy": {"clients": [{"podSelector": {}}],
                                   "elasticsearch": {"ports": [9200, 80]}}}""");
        assertThat(policy.getSpec().getEgress()).extracting(NetworkPolicyDependentTest::describe)
                .containsExactly("any UDP/53 TCP/53", "any TCP/9200 TCP/80", "any TCP/6379");
    }

    @Test
    void aBackendsPeersAreOpenedOnlyWhileThatBackendIsConfigured() {
        NetworkPolicy policy = policy("""
                {"redis": {"url": "redis://redis.cache:6379"},
                 "networkPolicy": {"clients": [{"podSelector": {}}],
                                   "elasticsearch": {"to": [{"namespaceSelector": {"matchLabels": {"team": "search"}}}]},
                                   "redis": {"to": [{"namespaceSelector": {"matchLabels": {"team": "cache"}}}]}}}""");
        assertThat(policy.getSpec().getEgress()).extracting(NetworkPolicyDependentTest::describe)
                .containsExactly("any UDP/53 TCP/53", "team=cache TCP/6379");
    }

    @Test
    void monitoringAndAdminPeersMayReachOnlyTheManagementPortTheClientsOnlyThePublicOne() {
        NetworkPolicy policy = policy("""
                {"networkPolicy": {"clients": [{"podSelector": {"matchLabels": {"app": "shop"}}}],
                  "monitoring": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}],
                  "adminClients": [{"podSelector": {"matchLabels": {"app": "support-tool"}}}]}}""");
        assertThat(policy.getSpec().getIngress()).extracting(NetworkPolicyDependentTest::describe)
                .containsExactly("app=shop TCP/8080", "kubernetes.io/metadata.name=monitoring TCP/9090",
                        "app=support-tool TCP/9090");
        // without monitoring or admin peers the management port is open to no one (probes are not subject to it)
        assertThat(policy("{\"networkPolicy\": {\"clients\": [{\"podSelector\": {\"matchLabels\": {\"app\": \"shop\"}}}]}}")
                .getSpec().getIngress()).extracting(NetworkPolicyDependentTest::describe)
                .containsExactly("app=shop TCP/8080");
    }

    private static String describe(NetworkPolicyIngressRule rule) {
        var peer = rule.getFrom().getFirst();
        var selector = peer.getPodSelector() != null ? peer.getPodSelector() : peer.getNamespaceSelector();
        StringBuilder text = new StringBuilder(selector.getMatchLabels().entrySet().iterator().next().toString());
        rule.getPorts().forEach(p -> text.append(' ').append(p.getProtocol()).append('/').append(p.getPort().getIntVal()));
        return text.toString();
    }

    private static String describe(NetworkPolicyEgressRule rule) {
        String to = rule.getTo() == null || rule.getTo().isEmpty() ? "any"
                : rule.getTo().getFirst().getNamespaceSelector().getMatchLabels().entrySet().iterator().next()
                        .toString();
        StringBuilder text = new StringBuilder(to);
        rule.getPorts().forEach(p -> text.append(' ').append(p.getProtocol()).append('/').append(p.getPort().getIntVal()));
        return text.toString();
    }

    private static NetworkPolicy policy(String specJson) {
        return new NetworkPolicyDependent().desired(ClusterFixtures.withSpec(specJson), null);
    }
}
