package dev.autoship.predictor.cache;

import dev.autoship.predictor.config.PredictorSettings.RedisAddress;
import dev.autoship.predictor.config.PredictorSettings.RedisServers;
import dev.autoship.predictor.config.PredictorSettings.RedisSettings;
import dev.autoship.predictor.tls.TrustedCertificates;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.providers.ClusterConnectionProvider;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the Jedis clients of the configured Redis mode: {@link JedisPooled} for one server,
 * {@link JedisSentineled} for a master found (and followed through failovers) by sentinels, {@link JedisCluster}
 * for a cluster. Every connection is bounded by the configured timeout; a cluster command follows at most one
 * redirection and gives up once the timeout has passed, whatever is left of its retries.
 * <p>
 * Jedis renews a cluster client's slot map on a MOVED answer or when its last attempt failed. A master that hangs
 * (stopped, not dead) gives neither: each command times out on its first attempt, which uses up the timeout, so
 * the map would keep pointing at the hung master after the cluster promoted its replica. {@link RedisCalls}
 * therefore has the map renewed after each failed call ({@link #renewAfterFailure}).
 */
public final class RedisClients {

    /** Per node: a request thread holds a connection for one command at a time. */
    private static final int MAX_CONNECTIONS = 32;
    /** One try and one redirection (MOVED after a failover or resharding, ASK during a migration). */
    private static final int CLUSTER_ATTEMPTS = 2;

    private final RedisSettings settings;

    public RedisClients(RedisSettings settings) {
        this.settings = settings;
    }

    public RedisSettings settings() {
        return settings;
    }

    /**
     * A client for commands. For sentinels and clusters this asks the servers where the data is, so it throws a
     * {@link redis.clients.jedis.exceptions.JedisException} when none answers in time.
     */
    public UnifiedJedis connect() {
        JedisClientConfig data = config(settings.timeout(), settings.username(), settings.password(), settings.database());
        return switch (settings.servers()) {
            case RedisServers.Standalone one -> new JedisPooled(hostAndPort(one.address()), data, pool());
            case RedisServers.Sentinel sentinel -> new JedisSentineled(sentinel.masterName(), data, pool(),
                    hostsAndPorts(sentinel.sentinels()),
                    config(settings.timeout(), Optional.empty(), sentinel.sentinelPassword(), 0));
            case RedisServers.Cluster cluster -> new RenewableCluster(
                    new ClusterConnectionProvider(hostsAndPorts(cluster.seeds()), data, pool()), settings.timeout());
        };
    }

    /** After a failed call with {@code client}: a cluster client's slot map is renewed on {@code executor}. */
    public void renewAfterFailure(UnifiedJedis client, Executor executor) {
        if (client instanceof RenewableCluster cluster) {
            executor.execute(cluster::renewSlotMap);
        }
    }

    /**
     * Where a subscription to a channel listens now: the server, the current master, or a cluster node (a
     * cluster delivers every publication to every node) — {@code current} as long as it is still one.
     */
    public HostAndPort listenAt(UnifiedJedis client, Optional<HostAndPort> current) {
        return switch (settings.servers()) {
            case RedisServers.Standalone one -> hostAndPort(one.address());
            case RedisServers.Sentinel sentinel -> ((JedisSentineled) client).getCurrentMaster();
            case RedisServers.Cluster cluster -> {
                List<String> nodes = List.copyOf(((JedisCluster) client).getClusterNodes().keySet());
                if (current.isPresent() && nodes.contains(current.get().toString())) {
                    yield current.get();
                }
                if (nodes.isEmpty()) {
                    throw new JedisConnectionException("no Redis Cluster node is known");
                }
                yield HostAndPort.from(nodes.get(ThreadLocalRandom.current().nextInt(nodes.size())));
            }
        };
    }

    /**
     * A single connection for a subscription at {@code at}; it waits for messages at most {@code blockingReads},
     * so a server that stopped answering ends the subscription (a subscriber pings more often than that).
     */
    public Jedis subscriber(HostAndPort at, Duration blockingReads) {
        int timeoutMillis = millis(settings.timeout());
        DefaultJedisClientConfig.Builder builder = builder(settings.timeout(), settings.username(), settings.password(),
                settings.servers() instanceof RedisServers.Cluster ? 0 : settings.database())
                .blockingSocketTimeoutMillis(Math.max(timeoutMillis, millis(blockingReads)));
        return new Jedis(at, builder.build());
    }

    /** A cluster client whose slot map can be renewed when a caller knows better than Jedis. */
    private static final class RenewableCluster extends JedisCluster {

        private final ClusterConnectionProvider slots;

        RenewableCluster(ClusterConnectionProvider slots, Duration timeout) {
            super(slots, CLUSTER_ATTEMPTS, timeout);
            this.slots = slots;
        }

        /** Asks the seeds, then the other known nodes, for the slot map; a renewal already running makes this none. */
        void renewSlotMap() {
            slots.renewSlotCache();
        }
    }

    private JedisClientConfig config(Duration timeout, Optional<String> username, Optional<String> password, int database) {
        return builder(timeout, username, password, database).build();
    }

    private DefaultJedisClientConfig.Builder builder(Duration timeout, Optional<String> username,
                                                     Optional<String> password, int database) {
        int timeoutMillis = millis(timeout);
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .database(database);
        if (settings.tls()) {
            client.ssl(true)
                    .sslSocketFactory(settings.trust().sslContext().getSocketFactory())
                    .sslParameters(TrustedCertificates.verifyingHostname());
        }
        username.ifPresent(client::user);
        password.ifPresent(client::password);
        return client;
    }

    private GenericObjectPoolConfig<Connection> pool() {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(MAX_CONNECTIONS);
        pool.setMaxIdle(8);
        pool.setMaxWait(settings.timeout());
        pool.setJmxEnabled(false);
        return pool;
    }

    private static int millis(Duration duration) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, duration.toMillis()));
    }

    private static HostAndPort hostAndPort(RedisAddress address) {
        return new HostAndPort(address.host(), address.port());
    }

    private static Set<HostAndPort> hostsAndPorts(List<RedisAddress> addresses) {
        Set<HostAndPort> all = new LinkedHashSet<>();
        addresses.forEach(address -> all.add(hostAndPort(address)));
        return all;
    }
}
