package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;

/** Presence creates a NetworkPolicy: ingress only from the clients, egress only to DNS and the backends. */
public record NetworkPolicySpec(
        @Required @JsonPropertyDescription("Pods/namespaces allowed to call the predictor port")
        List<NetworkPolicyPeer> clients,
        @JsonPropertyDescription("Where Elasticsearch and Redis run; unset = any destination on their ports")
        List<NetworkPolicyPeer> backends) {
}
