package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;

/** Where one backend (Elasticsearch or Redis) may be reached from the predictor pods. */
public record BackendEgressSpec(
        @JsonPropertyDescription("Peers running the backend; unset = any destination on its ports")
        List<NetworkPolicyPeer> to,
        @JsonPropertyDescription("TCP ports the pods may open to it, as the network plugin sees them (most match "
                + "after Service DNAT, i.e. the backend pod's port); default: the port of the backend URL (Redis "
                + "sentinels: theirs and 6379; cluster: the seed nodes')")
        List<@Min(1) @Max(65535) Integer> ports) {

    /** The stated ports, else the backend's own (from its URL or addresses). */
    public List<Integer> portsOrDefault(List<Integer> backendPorts) {
        return ports == null || ports.isEmpty() ? backendPorts : ports;
    }
}
