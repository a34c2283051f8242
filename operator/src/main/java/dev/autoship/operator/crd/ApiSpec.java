package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** Request limits of the prediction API; unset fields keep the predictor's defaults. */
public record ApiSpec(
        @Min(1) @JsonPropertyDescription("Larger request bodies get 413; default 1048576") Long maxRequestBytes,
        @Min(1) @JsonPropertyDescription("Orders per batch request; default 1000") Integer maxBatchOrders,
        @JsonPropertyDescription("Request and idle timeouts and the connection limit of each pod") ConnectionsSpec connections) {

    public ConnectionsSpec connectionsOrDefault() {
        return connections == null ? new ConnectionsSpec(null, null, null) : connections;
    }
}
