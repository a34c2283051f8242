package dev.autoship.benchmarks.backends;

import java.io.IOException;
import java.net.URI;
import redis.embedded.RedisServer;

/** A real redis-server (the binary shipped inside embedded-redis) on a free loopback port. */
public final class RedisNode implements AutoCloseable {
    private final RedisServer server;
    private final int port;

    private RedisNode(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static RedisNode start() throws IOException {
        int port = LocalPort.free();
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
        return new RedisNode(server, port);
    }

    public URI url() {
        return URI.create("redis://127.0.0.1:" + port + "/0");
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
