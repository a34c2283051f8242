package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A key of a Secret in the resource's namespace; the operator passes it to pods only as a secretKeyRef. */
public record SecretKeyRef(
        @Required @JsonPropertyDescription("Name of the Secret in the same namespace") String name,
        @Required @JsonPropertyDescription("Key inside the Secret") String key) {
}
