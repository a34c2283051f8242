package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Redis behind Sentinel: the predictor asks the sentinels for the master and follows it through failovers. */
public record RedisSentinelsSpec(
        @Required @Size(min = 1) @JsonPropertyDescription("Sentinels as host:port (IPv6 as [address]:port)")
        List<@Pattern(RedisAddresses.PATTERN) String> addresses,
        @Required @Pattern("^\\S+$") @JsonPropertyDescription("Name of the master the sentinels monitor")
        String masterName,
        @JsonPropertyDescription("Secret key holding the sentinels' own password, when they have one (the data "
                + "nodes take redis.username and redis.passwordSecret)")
        SecretKeyRef passwordSecret) {
}
