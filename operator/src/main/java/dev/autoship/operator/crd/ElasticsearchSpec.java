package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Shipment history. Without it the predictor serves its embedded demo history. */
public record ElasticsearchSpec(
        @Required @Pattern("^https?://.+") @JsonPropertyDescription("e.g. https://es:9200") String url,
        @JsonPropertyDescription("Index or alias holding shipment history; default shipments") String index,
        @JsonPropertyDescription("Basic-auth user") String username,
        @JsonPropertyDescription("Secret key holding the basic-auth password") SecretKeyRef passwordSecret,
        @JsonPropertyDescription("Secret key holding an API key; wins over basic auth") SecretKeyRef apiKeySecret,
        @Pattern(Durations.PATTERN) @JsonPropertyDescription("ISO-8601 connect and request timeout, e.g. PT5S")
        String timeout) {

    /** The port the URL names, else its scheme's usual one. Only call on a validated spec. */
    public int port() {
        return BackendUrl.port(url, 9200);
    }
}
