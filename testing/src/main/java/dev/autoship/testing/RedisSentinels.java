package dev.autoship.testing;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A master, one replica and three sentinels (quorum 2), real {@code redis-server} processes on free ports. The
 * sentinels call the master down after {@link #DOWN_AFTER} without an answer and promote the replica.
 */
public final class RedisSentinels implements AutoCloseable {

    public static final String MASTER_NAME = "autoship";
    public static final Duration DOWN_AFTER = Duration.ofSeconds(1);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Path directory;
    private final List<RedisProcess> dataNodes = new ArrayList<>();
    private final List<RedisProcess> sentinels = new ArrayList<>();

    private RedisSentinels(Path directory) {
        this.directory = directory;
    }

    public static RedisSentinels start() {
        RedisSentinels group;
        try {
            group = new RedisSentinels(Files.createTempDirectory("redis-sentinels"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            RedisProcess master = RedisProcess.server(group.directory, List.of());
            group.dataNodes.add(master);
            RedisProcess replica = RedisProcess.server(group.directory, List.of("replicaof 127.0.0.1 " + master.port()));
            group.dataNodes.add(replica);
            awaitTrue("the replica to sync", () -> info(replica, "replication").contains("master_link_status:up"));
            for (int i = 0; i < 3; i++) {
                group.sentinels.add(RedisProcess.sentinel(group.directory, List.of(
                        "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 2",
                        "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER.toMillis(),
                        "sentinel failover-timeout " + MASTER_NAME + " 10000",
                        "sentinel parallel-syncs " + MASTER_NAME + " 1")));
            }
            // a failover needs sentinels that know the replica and each other (hello messages every 2 s)
            for (RedisProcess sentinel : group.sentinels) {
                awaitTrue("sentinel " + sentinel.port() + " to know the replica and the other sentinels", () -> {
                    try (Jedis jedis = sentinel.client()) {
                        return jedis.sentinelReplicas(MASTER_NAME).size() == 1 && jedis.sentinelSentinels(MASTER_NAME).size() == 2;
                    }
                });
            }
            return group;
        } catch (RuntimeException e) {
            group.close();
            throw e;
        }
    }

    private static String info(RedisProcess node, String section) {
        try (Jedis jedis = node.client()) {
            return jedis.info(section);
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (JedisException e) {
                // not yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The sentinels as {@code AUTOSHIP_REDIS_SENTINELS} takes them. */
    public String sentinelAddresses() {
        return String.join(",", sentinels.stream().map(RedisProcess::address).toList());
    }

    public List<RedisProcess> dataNodes() {
        return List.copyOf(dataNodes);
    }

    public List<RedisProcess> sentinels() {
        return List.copyOf(sentinels);
    }

    /** The data node the answering sentinels name master now. */
    public Optional<RedisProcess> masterNow() {
        for (RedisProcess sentinel : sentinels) {
            if (!sentinel.alive()) {
                continue;
            }
            try (Jedis jedis = sentinel.client()) {
                List<String> address = jedis.sentinelGetMasterAddrByName(MASTER_NAME);
                int port = Integer.parseInt(address.get(1));
                return dataNodes.stream().filter(node -> node.port() == port).findFirst();
            } catch (JedisException e) {
                // ask the next
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        sentinels.forEach(RedisProcess::close);
        dataNodes.forEach(RedisProcess::close);
    }
}
