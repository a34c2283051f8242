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
import java.util.stream.IntStream;

/**
 * A Redis Cluster of masters only, real {@code redis-server} processes on free ports, formed the way
 * {@code redis-cli --cluster create} does it (the embedded binary ships no redis-cli): CLUSTER MEET, then each
 * master takes an even share of the 16384 slots with CLUSTER ADDSLOTS.
 */
public final class RedisClusterNodes implements AutoCloseable {

    public static final int SLOTS = 16384;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisProcess> masters = new ArrayList<>();

    private RedisClusterNodes() {
    }

    public static RedisClusterNodes start(int masterCount) {
        RedisClusterNodes cluster = new RedisClusterNodes();
        try {
            Path directory = Files.createTempDirectory("redis-cluster");
            for (int i = 0; i < masterCount; i++) {
                int index = i;
                cluster.masters.add(RedisProcess.server(directory.resolve("node-" + index), List.of(
                        "cluster-enabled yes", "cluster-config-file nodes.conf", "cluster-node-timeout 2000")));
            }
            RedisProcess first = cluster.masters.getFirst();
            try (Jedis jedis = first.client()) {
                for (RedisProcess other : cluster.masters.subList(1, masterCount)) {
                    jedis.clusterMeet("127.0.0.1", other.port());
                }
            }
            for (int i = 0; i < masterCount; i++) {
                int from = i * SLOTS / masterCount;
                int to = (i + 1) * SLOTS / masterCount;
                try (Jedis jedis = cluster.masters.get(i).client()) {
                    jedis.clusterAddSlots(IntStream.range(from, to).toArray());
                }
            }
            cluster.awaitReady();
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!ready()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Redis Cluster did not reach cluster_state:ok");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private boolean ready() {
        for (RedisProcess node : masters) {
            try (Jedis jedis = node.client()) {
                if (!jedis.clusterInfo().contains("cluster_state:ok")
                        || jedis.clusterNodes().lines().filter(line -> line.contains("master")).count() != masters.size()) {
                    return false;
                }
            } catch (JedisException e) {
                return false;
            }
        }
        return true;
    }

    /** One seed, as {@code AUTOSHIP_REDIS_CLUSTER_NODES} takes it: the client discovers the other nodes. */
    public String seed() {
        return masters.getFirst().address();
    }

    public List<RedisProcess> masters() {
        return List.copyOf(masters);
    }

    @Override
    public void close() {
        masters.forEach(RedisProcess::close);
    }
}
