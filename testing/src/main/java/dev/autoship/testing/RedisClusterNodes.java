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
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * A Redis Cluster, real {@code redis-server} processes on free ports, formed the way
 * {@code redis-cli --cluster create} does it (the embedded binary ships no redis-cli): CLUSTER MEET, then each
 * master takes an even share of the 16384 slots with CLUSTER ADDSLOTS, and each replica follows its master with
 * CLUSTER REPLICATE. A master that stops answering for {@link #NODE_TIMEOUT} is failed over to its replica.
 */
public final class RedisClusterNodes implements AutoCloseable {

    public static final int SLOTS = 16384;
    public static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisProcess> masters = new ArrayList<>();
    /** The replica of the master at the same index, if the cluster has replicas. */
    private final List<RedisProcess> replicas = new ArrayList<>();

    private RedisClusterNodes() {
    }

    /** Masters only. */
    public static RedisClusterNodes start(int masterCount) {
        return start(masterCount, false);
    }

    /** {@code masterCount} masters, each with one replica if {@code withReplicas}. */
    public static RedisClusterNodes start(int masterCount, boolean withReplicas) {
        RedisClusterNodes cluster = new RedisClusterNodes();
        try {
            Path directory = Files.createTempDirectory("redis-cluster");
            List<String> config = List.of("cluster-enabled yes", "cluster-config-file nodes.conf",
                    "cluster-node-timeout " + NODE_TIMEOUT.toMillis());
            for (int i = 0; i < masterCount; i++) {
                cluster.masters.add(RedisProcess.server(directory.resolve("node-" + i), config));
                if (withReplicas) {
                    cluster.replicas.add(RedisProcess.server(directory.resolve("replica-" + i), config));
                }
            }
            RedisProcess first = cluster.masters.getFirst();
            try (Jedis jedis = first.client()) {
                for (RedisProcess other : cluster.nodes()) {
                    if (other != first) {
                        jedis.clusterMeet("127.0.0.1", other.port());
                    }
                }
            }
            for (int i = 0; i < masterCount; i++) {
                int from = i * SLOTS / masterCount;
                int to = (i + 1) * SLOTS / masterCount;
                try (Jedis jedis = cluster.masters.get(i).client()) {
                    jedis.clusterAddSlots(IntStream.range(from, to).toArray());
                }
            }
            for (int i = 0; i < cluster.replicas.size(); i++) {
                String masterId;
                try (Jedis jedis = cluster.masters.get(i).client()) {
                    masterId = jedis.clusterMyId();
                }
                RedisProcess replica = cluster.replicas.get(i);
                cluster.await("replica " + replica.port() + " to know its master", () -> {
                    try (Jedis jedis = replica.client()) {
                        return jedis.clusterNodes().contains(masterId);
                    }
                });
                try (Jedis jedis = replica.client()) {
                    jedis.clusterReplicate(masterId);
                }
            }
            cluster.await("cluster_state:ok on every node, replicas in sync", cluster::ready);
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!answers(condition)) {
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

    private static boolean answers(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (JedisException e) {
            return false;
        }
    }

    private boolean ready() {
        for (RedisProcess node : nodes()) {
            try (Jedis jedis = node.client()) {
                if (!jedis.clusterInfo().contains("cluster_state:ok")
                        || jedis.clusterNodes().lines().filter(line -> line.contains("master")).count() != masters.size()) {
                    return false;
                }
            }
        }
        for (RedisProcess replica : replicas) {
            try (Jedis jedis = replica.client()) {
                if (!jedis.info("replication").contains("master_link_status:up")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** One seed, as {@code AUTOSHIP_REDIS_CLUSTER_NODES} takes it: the client discovers the other nodes. */
    public String seed() {
        return masters.getFirst().address();
    }

    /** The masters the cluster was formed with (after a failover one of them may be a replica, or hung). */
    public List<RedisProcess> masters() {
        return List.copyOf(masters);
    }

    /** The replica formed to follow {@code masters().get(index)}; present if the cluster has replicas. */
    public RedisProcess replicaOf(int index) {
        return replicas.get(index);
    }

    /** Whether {@code node} serves as a master now (its own view, e.g. a replica after its promotion). */
    public static boolean isMasterNow(RedisProcess node) {
        try (Jedis jedis = node.client()) {
            return jedis.info("replication").contains("role:master");
        } catch (JedisException e) {
            return false;
        }
    }

    private List<RedisProcess> nodes() {
        List<RedisProcess> all = new ArrayList<>(masters);
        all.addAll(replicas);
        return all;
    }

    @Override
    public void close() {
        nodes().forEach(RedisProcess::close);
    }
}
