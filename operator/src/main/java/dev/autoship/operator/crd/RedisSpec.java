package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Shared model cache. Without it each pod keeps models in memory only. */
public record RedisSpec(
        @Required @Pattern("^rediss?://.+") @JsonPropertyDescription("redis://host:6379/0, or rediss://... for TLS")
        String url,
        @JsonPropertyDescription("Redis ACL user") String username,
        @JsonPropertyDescription("Secret key holding the Redis password") SecretKeyRef passwordSecret,
        @Pattern("^[A-Za-z0-9:_.-]+$") @JsonPropertyDescription("Prefix of model keys; one per cluster sharing a Redis")
        String keyPrefix,
        @Pattern(Durations.PATTERN) @JsonPropertyDescription("ISO-8601 timeout of every Redis call, e.g. PT0.5S")
        String timeout) {

    /** The port the URL names, else its scheme's usual one. Only call on a validated spec. */
    public int port() {
        return BackendUrl.port(url, 6379);
    }
}
