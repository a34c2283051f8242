package dev.autoship.testing;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.embedded.core.ExecutableProvider;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One real {@code redis-server} process (from PATH, else the binary shipped in embedded-redis) run from a config
 * file, as a data node or with {@code --sentinel}; it can be killed ({@code kill -9}) or hung ({@code SIGSTOP})
 * like a failing production node.
 */
public final class RedisProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final int CLUSTER_BUS_OFFSET = 10_000;
    private static final int PORT_ATTEMPTS = 3;

    private final int port;
    private final Process process;
    private final Path log;
    private final StopOnExit stopOnExit;
    private volatile boolean paused;

    private RedisProcess(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
        this.stopOnExit = new StopOnExit("stop-redis-" + port, process::destroyForcibly);
    }

    /**
     * A data node on a free port, configured further by {@code config} lines (redis.conf syntax); a cluster node's bus
     * port (its port + 10,000) is free too.
     */
    public static RedisProcess server(Path directory, List<String> config) {
        boolean clusterNode = config.contains("cluster-enabled yes");
        return startOnAFreePort(directory, config, false,
                () -> clusterNode ? FreePort.findWithPartner(CLUSTER_BUS_OFFSET) : FreePort.find());
    }

    /** A sentinel on a free port; it rewrites its config file, which therefore lives in {@code directory}. */
    public static RedisProcess sentinel(Path directory, List<String> config) {
        return startOnAFreePort(directory, config, true, FreePort::find);
    }

    /**
     * A port found free can be taken by another process before redis-server binds it (other builds share this
     * machine): such a start is retried on another port.
     */
    private static RedisProcess startOnAFreePort(Path directory, List<String> config, boolean sentinel,
                                                 java.util.function.IntSupplier freePort) {
        for (int attempt = 1; ; attempt++) {
            try {
                return start(directory, freePort.getAsInt(), config, sentinel);
            } catch (PortTakenException e) {
                if (attempt == PORT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** redis-server could not listen: its port (or a cluster node's bus port) was taken meanwhile. */
    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static RedisProcess start(Path directory, int port, List<String> config, boolean sentinel) {
        try {
            Files.createDirectories(directory);
            Path conf = directory.resolve((sentinel ? "sentinel-" : "redis-") + port + ".conf");
            List<String> lines = new ArrayList<>(List.of("port " + port, "bind 127.0.0.1", "dir " + directory,
                    "save \"\"", "appendonly no"));
            if (sentinel) {
                lines.removeIf(line -> line.startsWith("save") || line.startsWith("appendonly"));
            }
            lines.addAll(config);
            Files.write(conf, lines);
            List<String> command = new ArrayList<>(List.of(binary().toString(), conf.toString()));
            if (sentinel) {
                command.add("--sentinel");
            }
            Path log = directory.resolve((sentinel ? "sentinel-" : "redis-") + port + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            RedisProcess started = new RedisProcess(port, process, log);
            started.awaitAnswering();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path binary() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        File extracted = ExecutableProvider.newJarResourceProvider().get();
        if (!extracted.canExecute() && !extracted.setExecutable(true)) {
            throw new IOException("cannot make " + extracted + " executable");
        }
        return extracted.toPath();
    }

    private void awaitAnswering() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try (Jedis jedis = client()) {
                jedis.ping();
                return;
            } catch (JedisException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    stopOnExit.cancel();
                    String log = logTail();
                    String message = "redis-server on port " + port + " did not start: " + log;
                    throw log.contains("Address already in use") ? new PortTakenException(message, e)
                            : new IllegalStateException(message, e);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(interrupted);
                }
            }
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:<port>}, as the predictor's host:port lists take it. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** A direct client (2 s timeout) for setting up, looking at or tampering with the node in tests. */
    public Jedis client() {
        return new Jedis("127.0.0.1", port, 2000);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** How the process ended: its exit status, 128 + the signal that ended it (137 after {@code kill -9}). */
    public OptionalInt exitStatus() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** {@code kill -9}: gone at once, connections reset. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code SIGSTOP}: the process holds its port and connections but never answers: a hung server. */
    public void pause() {
        signal("STOP");
        paused = true;
    }

    /** {@code SIGCONT} after {@link #pause()}. */
    public void unpause() {
        signal("CONT");
        paused = false;
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (paused && process.isAlive()) {
            signal("CONT");
        }
        kill();
        stopOnExit.cancel();
    }
}
