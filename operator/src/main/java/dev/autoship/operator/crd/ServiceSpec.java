package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.Map;

/** The Service in front of the pods: the stable in-cluster endpoint. */
public record ServiceSpec(
        @JsonPropertyDescription("Service type; default ClusterIP") ServiceType type,
        @Min(1) @Max(65535) @JsonPropertyDescription("Service port; default 8080") Integer port,
        @JsonPropertyDescription("Extra Service annotations (cloud load balancers, meshes)")
        Map<String, String> annotations,
        @JsonPropertyDescription("Extra Service labels (e.g. for ServiceMonitor selectors); not the operator's own")
        Map<String, String> labels) {

    public static final int DEFAULT_PORT = 8080;

    public enum ServiceType { ClusterIP, NodePort, LoadBalancer }

    public int portOrDefault() {
        return port == null ? DEFAULT_PORT : port;
    }

    public ServiceType typeOrDefault() {
        return type == null ? ServiceType.ClusterIP : type;
    }
}
