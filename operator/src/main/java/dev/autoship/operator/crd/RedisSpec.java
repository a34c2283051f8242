package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Shared model cache: one Redis ({@code url}), Redis behind Sentinel ({@code sentinels}) or a Redis Cluster
 * ({@code clusterNodes}). Without it each pod keeps models in memory only.
 */
@ValidationRule(value = "(has(self.url) ? 1 : 0) + (has(self.sentinels) ? 1 : 0) + (has(self.clusterNodes) ? 1 : 0) == 1",
        message = RedisSpec.ONE_MODE)
@ValidationRule(value = "!has(self.url) || (!has(self.tls) && !has(self.database))", message = RedisSpec.URL_SAYS_IT)
@ValidationRule(value = "!has(self.clusterNodes) || !has(self.database) || self.database == 0",
        message = RedisSpec.CLUSTER_DATABASE)
public record RedisSpec(
        @Pattern("^rediss?://.+") @JsonPropertyDescription("One Redis: redis://host:6379/0, or rediss://... for TLS")
        String url,
        @JsonPropertyDescription("Redis ACL user (data nodes)") String username,
        @JsonPropertyDescription("Secret key holding the Redis password (data nodes)") SecretKeyRef passwordSecret,
        @Pattern("^[A-Za-z0-9:_.-]+$") @JsonPropertyDescription("Prefix of model keys; one per cluster sharing a Redis")
        String keyPrefix,
        @Pattern(Durations.PATTERN) @JsonPropertyDescription("ISO-8601 timeout of every Redis call, e.g. PT0.5S")
        String timeout,
        @JsonPropertyDescription("Redis behind Sentinel, instead of url") RedisSentinelsSpec sentinels,
        @Size(min = 1) @JsonPropertyDescription("Redis Cluster, instead of url: a few seed nodes as host:port (the "
                + "others are discovered)")
        List<@Pattern(RedisAddresses.PATTERN) String> clusterNodes,
        @JsonPropertyDescription("TLS to the sentinels and data nodes or to the cluster nodes (with url, rediss:// "
                + "says it); default false")
        Boolean tls,
        @Min(0) @JsonPropertyDescription("Database number with sentinels (a Redis Cluster has only 0; with url, its "
                + "path says it); default 0")
        Integer database) {

    public static final String ONE_MODE = "redis needs exactly one of url, sentinels and clusterNodes";
    public static final String URL_SAYS_IT = "redis.tls and redis.database are for sentinels and clusterNodes: with "
            + "redis.url the URL says them (rediss:// for TLS, /<number> for the database)";
    public static final String CLUSTER_DATABASE = "redis.database must be 0 with clusterNodes: a Redis Cluster has "
            + "only database 0";
    /** Redis' usual port: where data nodes found through sentinels are assumed to listen. */
    public static final int DEFAULT_PORT = 6379;

    /**
     * The TCP ports the pods open to Redis, as far as the spec tells them: the URL's; the sentinels' and the usual
     * data port (the master's address is learned from the sentinels); the seed nodes'. Only call on a validated
     * spec.
     */
    public List<Integer> ports() {
        if (url != null) {
            return List.of(BackendUrl.port(url, DEFAULT_PORT));
        }
        List<String> addresses = sentinels != null ? sentinels.addresses() : clusterNodes;
        LinkedHashSet<Integer> ports = new LinkedHashSet<>();
        addresses.forEach(address -> ports.add(RedisAddresses.port(address)));
        if (sentinels != null) {
            ports.add(DEFAULT_PORT);
        }
        return new ArrayList<>(ports);
    }
}
