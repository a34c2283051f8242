package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** The Service in front of the pods: the stable in-cluster endpoint. */
@ValidationRule(value = "!has(self.port) || self.port != " + ServiceSpec.MANAGEMENT_PORT,
        message = ServiceSpec.MANAGEMENT_PORT_TAKEN)
public record ServiceSpec(
        @JsonPropertyDescription("Service type; default ClusterIP. Only a ClusterIP Service also carries the management "
                + "port (health, metrics, admin DELETE): a NodePort or LoadBalancer one, reachable from outside the "
                + "cluster, carries the API port alone") ServiceType type,
        @Min(1) @Max(65535) @JsonPropertyDescription("Service port; default 8080") Integer port,
        @JsonPropertyDescription("Extra Service annotations (cloud load balancers, meshes)")
        Map<String, String> annotations,
        @JsonPropertyDescription("Extra Service labels (e.g. for ServiceMonitor selectors); not the operator's own")
        Map<String, String> labels) {

    public static final int DEFAULT_PORT = 8080;
    /** The Service's port to the pods' management port (the predictor's AUTOSHIP_MANAGEMENT_PORT). */
    public static final int MANAGEMENT_PORT = 9090;
    public static final String MANAGEMENT_PORT_TAKEN = "service.port must not be " + MANAGEMENT_PORT
            + ": the Service serves the predictors' management port (health, metrics, admin) there";

    public enum ServiceType { ClusterIP, NodePort, LoadBalancer }

    public int portOrDefault() {
        return port == null ? DEFAULT_PORT : port;
    }

    public ServiceType typeOrDefault() {
        return type == null ? ServiceType.ClusterIP : type;
    }
}
