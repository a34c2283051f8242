package dev.autoship.testing;

import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A real redis-server (the binary shipped in embedded-redis) on a free port; it can be stopped and started again. */
public final class RedisNode implements AutoCloseable {

    private final int port;
    private final RedisServer server;
    private final StopOnExit stopOnExit;

    private RedisNode(int port) {
        this.port = port;
        try {
            this.server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.stopOnExit = new StopOnExit("stop-redis-" + port, this::stop);
    }

    public static RedisNode start() {
        RedisNode node = new RedisNode(FreePort.find());
        node.resume();
        return node;
    }

    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    public int port() {
        return port;
    }

    /** A direct client for looking at or tampering with keys in tests. */
    public Jedis client() {
        return new Jedis("127.0.0.1", port);
    }

    public void stop() {
        try {
            if (server.isActive()) {
                server.stop();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts (again) on the same port. */
    public void resume() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
        stopOnExit.cancel();
    }
}
