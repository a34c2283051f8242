package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;

/**
 * Presence creates a NetworkPolicy: ingress to the API only from the clients, to the management port only from
 * monitoring and admin clients (kubelet probes are not subject to NetworkPolicy), egress only to DNS and each backend.
 */
public record NetworkPolicySpec(
        @Required @JsonPropertyDescription("Pods/namespaces allowed to call the predictor port")
        List<NetworkPolicyPeer> clients,
        @JsonPropertyDescription("Egress to Elasticsearch (only while spec.elasticsearch is set)")
        BackendEgressSpec elasticsearch,
        @JsonPropertyDescription("Egress to Redis (only while spec.redis is set)") BackendEgressSpec redis,
        @JsonPropertyDescription("Peers allowed to scrape the metrics on the management port (e.g. the monitoring "
                + "namespace's Prometheus)")
        List<NetworkPolicyPeer> monitoring,
        @JsonPropertyDescription("Peers allowed to call the admin API on the management port (DELETE /v1/models/...)")
        List<NetworkPolicyPeer> adminClients) {

    static final BackendEgressSpec ANY_DESTINATION = new BackendEgressSpec(null, null);

    public BackendEgressSpec elasticsearchOrDefault() {
        return elasticsearch == null ? ANY_DESTINATION : elasticsearch;
    }

    public BackendEgressSpec redisOrDefault() {
        return redis == null ? ANY_DESTINATION : redis;
    }
}
