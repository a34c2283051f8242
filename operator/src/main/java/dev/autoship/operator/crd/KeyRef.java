package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A key of a ConfigMap or Secret in the resource's namespace, mounted as a file. */
public record KeyRef(
        @Required @JsonPropertyDescription("Name of the ConfigMap or Secret in the same namespace") String name,
        @Required @JsonPropertyDescription("Key inside it") String key) {
}
