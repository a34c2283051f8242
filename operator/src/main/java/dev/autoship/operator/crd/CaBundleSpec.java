package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

/** Where the PEM file of extra trusted CA certificates comes from: one key of a ConfigMap or of a Secret. */
@ValidationRule(value = "has(self.configMap) != has(self.secret)",
        message = "tls.caBundle needs exactly one of configMap or secret")
public record CaBundleSpec(
        @JsonPropertyDescription("ConfigMap key holding PEM CA certificates") KeyRef configMap,
        @JsonPropertyDescription("Secret key holding PEM CA certificates") KeyRef secret) {
}
