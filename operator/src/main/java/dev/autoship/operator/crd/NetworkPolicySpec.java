package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;

/** Presence creates a NetworkPolicy: ingress only from the clients, egress only to DNS and each backend. */
public record NetworkPolicySpec(
        @Required @JsonPropertyDescription("Pods/namespaces allowed to call the predictor port")
        List<NetworkPolicyPeer> clients,
        @JsonPropertyDescription("Egress to Elasticsearch (only while spec.elasticsearch is set)")
        BackendEgressSpec elasticsearch,
        @JsonPropertyDescription("Egress to Redis (only while spec.redis is set)") BackendEgressSpec redis) {

    static final BackendEgressSpec ANY_DESTINATION = new BackendEgressSpec(null, null);

    public BackendEgressSpec elasticsearchOrDefault() {
        return elasticsearch == null ? ANY_DESTINATION : elasticsearch;
    }

    public BackendEgressSpec redisOrDefault() {
        return redis == null ? ANY_DESTINATION : redis;
    }
}
